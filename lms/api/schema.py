from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema


class AutoSchema(SpectacularAutoSchema):
    """Names nested serializers after their view, so every `<Entity><Action>Api` can keep its
    own `InputSerializer`/`OutputSerializer` without clashing in the schema
    (`TokenObtainApi.InputSerializer` becomes the component `TokenObtainApiInput`)."""

    def get_serializer_name(self, serializer, direction) -> str:
        qualified = serializer.__class__.__qualname__
        if "." in qualified:
            return qualified.replace(".", "").removesuffix("Serializer")
        return super().get_serializer_name(serializer, direction)
