"""Parses an HTML document from stdin with html5lib in strict mode: exit 0 when it parses, 1 with
the parser's complaint otherwise (for example, a <script> after </html>)."""
import sys

import html5lib

try:
    html5lib.HTMLParser(strict=True).parse(sys.stdin.buffer.read())
except Exception as error:  # html5lib raises ParseError for the first error it meets
    print(f"{type(error).__name__}: {error}")
    sys.exit(1)
