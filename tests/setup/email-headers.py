"""Reads one raw email (RFC 5322) from stdin with Python's email package, held strict (any defect
fails), and prints its automated-mail headers as JSON: Auto-Submitted, List-Unsubscribe (and the
URIs in its angle brackets, RFC 2369), List-Unsubscribe-Post, the decoded subject and the parts'
content types."""
import json
import re
import sys
from email import policy
from email.parser import BytesParser

strict = policy.default.clone(raise_on_defect=True)
message = BytesParser(policy=strict).parsebytes(sys.stdin.buffer.read())
unsubscribe = message.get("List-Unsubscribe")
print(
    json.dumps(
        {
            "subject": str(message["Subject"]),
            "autoSubmitted": message.get("Auto-Submitted"),
            "listUnsubscribe": None if unsubscribe is None else str(unsubscribe),
            "unsubscribeUris": [] if unsubscribe is None else re.findall(r"<([^<>]+)>", str(unsubscribe)),
            "listUnsubscribePost": message.get("List-Unsubscribe-Post"),
            "parts": [part.get_content_type() for part in message.walk()],
        },
        ensure_ascii=False,
    )
)
