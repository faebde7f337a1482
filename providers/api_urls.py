from rest_framework.routers import SimpleRouter

from providers.api import CategoryViewSet, ProviderViewSet, ServiceViewSet

router = SimpleRouter()
router.register("categories", CategoryViewSet, basename="category")
router.register("providers", ProviderViewSet, basename="provider")
router.register("services", ServiceViewSet, basename="service")

urlpatterns = router.urls
