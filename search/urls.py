"""Search URLs, under the language prefix: ``/<lang>/search/`` and its autocomplete ``/<lang>/search/suggest/``."""

from django.urls import path

from search import views

urlpatterns = [
    path("search/", views.search, name="search"),
    path("search/suggest/", views.suggest, name="search_suggest"),
]
