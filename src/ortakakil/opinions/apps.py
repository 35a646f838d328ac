from django.apps import AppConfig


class OpinionsConfig(AppConfig):
    name = "ortakakil.opinions"
    label = "opinions"
    verbose_name = "Görüş haritası"
