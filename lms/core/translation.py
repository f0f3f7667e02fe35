from modeltranslation.translator import TranslationOptions, register

from lms.core.models import SiteContent


@register(SiteContent)
class SiteContentTranslation(TranslationOptions):
    fields = ("headline", "introduction")
