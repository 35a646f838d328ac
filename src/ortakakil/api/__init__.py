"""The REST API (``/api/v1/``): thin DRF views and serializers per domain; OpenAPI from drf-spectacular."""
