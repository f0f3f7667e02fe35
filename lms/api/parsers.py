from rest_framework import parsers
from rest_framework.exceptions import ParseError

from lms.core.json_input import TOO_DEEP_MESSAGE


class JSONParser(parsers.JSONParser):
    """DRF's parser, with a body nested too deeply for Python's parser refused as a 400
    like any malformed JSON (DRF itself only catches ValueError, so it was a 500)."""

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError as error:
            raise ParseError(TOO_DEEP_MESSAGE) from error
