from rest_framework.routers import SimpleRouter

from providers.api import CategoryViewSet, ProviderTimeOffViewSet, ProviderViewSet
from search.api import ServiceSearchViewSet  # the services list, which also searches (issue 9)

router = SimpleRouter()
router.register("categories", CategoryViewSet, basename="category")
router.register("providers", ProviderViewSet, basename="provider")
router.register("services", ServiceSearchViewSet, basename="service")
router.register(r"providers/(?P<provider_pk>[0-9]+)/time-off", ProviderTimeOffViewSet, basename="provider-time-off")

urlpatterns = router.urls
