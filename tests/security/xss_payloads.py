"""A corpus of cross-site scripting payloads, for the tests that submit them through every form.

Every payload that could run script calls ``__xss('<id>')`` (or ``alert``, which the browser test
turns into a dialog it records), and every payload that would inject an element gives that element
a ``data-xss`` attribute: a page that shows a payload unescaped then carries ``[data-xss]`` even
where the Content-Security-Policy keeps the script from running. Text that is only shown escaped
never matches ``[data-xss]``: the attribute then sits inside a text node.

Every payload holds ``__xss`` or ``data-xss``, so a page that shows a stored payload says so
(``shows_payload``). ``FULL`` runs every payload together, for long text fields; ``short(n)`` picks payloads that fit a
field of ``n`` characters; ``PLAIN`` is a harmless text for a field that refuses a payload.
"""

from __future__ import annotations

from itertools import cycle

MARK = "data-xss"

PAYLOADS: dict[str, str] = {
    "script": "<script data-xss>__xss('script')</script>",
    "script-src": '<script data-xss src="data:text/javascript,__xss(1)"></script>',
    "img": "<img src=x onerror=__xss('img') data-xss>",
    "svg": "<svg onload=__xss('svg') data-xss>",
    "svg-script": "<svg data-xss><script>__xss('svg-script')</script></svg>",
    "body": "<body onload=alert('body') data-xss>",
    "details": "<details open ontoggle=__xss('details') data-xss>",
    "iframe-srcdoc": "<iframe data-xss srcdoc=\"<script>parent.__xss('srcdoc')</script>\"></iframe>",
    "iframe-js": "<iframe data-xss src=\"javascript:parent.__xss('iframe')\"></iframe>",
    "link-js": "<a data-xss href=\"javascript:__xss('a')\">tıkla</a>",
    "link-data": '<a data-xss href="data:text/html,<script>alert(1)</script>">veri</a>',
    "dq-break": "\"><img src=x onerror=__xss('dq') data-xss>",
    "sq-break": "'><img src=x onerror=__xss('sq') data-xss>",
    "attr-handler": '" autofocus onfocus="__xss(\'onfocus\')" data-xss="',
    "attr-handler-sq": "' autofocus onfocus='__xss(1)' data-xss='",
    "textarea-break": "</textarea><img src=x onerror=__xss('ta') data-xss>",
    "title-break": "</title><img src=x onerror=__xss('title') data-xss>",
    "script-break": "</script><img src=x onerror=__xss('sb') data-xss>",
    "js-string": "';__xss('js-sq');'\";__xss('js-dq');//",
    "htmx-get": '<div data-xss hx-get="/manage/" hx-trigger="load">hx</div>',
    "htmx-on": '<div data-xss hx-on:htmx:load="__xss(\'hx-on\')" hx-on::load="__xss(2)">hx</div>',
    "htmx-vals": "<button data-xss hx-post=\"/\" hx-vals='js:{a:__xss(3)}' hx-trigger=load>b</button>",
    "django-tpl": "{{ request.user.password }}{% debug %}{% load static %}__xss",
    "jinja-tpl": "{{7*7}}${7*7}#{7*7}<%= 7*7 %>__xss",
    "css-url": "<div data-xss style=\"background:url('javascript:__xss(4)')\">css</div>",
    "style-tag": "<style data-xss>@import 'https://evil.example/x.css';body{background:url(javascript:__xss(5))}</style>",
    "markdown-link": "[tıkla](javascript:__xss('md')) ![resim](x\" onerror=\"__xss('md2'))",
    "markdown-html": "**kalın** <img src=x onerror=__xss('mdh') data-xss>",
    "entity": "&lt;img src=x onerror=__xss('ent') data-xss&gt; &#60;script&#62;__xss(6)&#60;/script&#62;",
    "fullwidth": "\uff1cimg src=x onerror=__xss('fw') data-xss\uff1e",
    "unicode-escape": "\\u003cimg src=x onerror=__xss('ue') data-xss\\u003e \\x3cscript\\x3e",
    "url-encoded": "%3Cimg%20src%3Dx%20onerror%3D__xss('pct')%20data-xss%3E",
    "mixed-case": "<ScRiPt data-xss>__xss('case')</sCrIpT><IMG SRC=x OnErRoR=__xss('IMG') data-xss>",
    "nested": "<scr<script>ipt data-xss>__xss('nest')</scr</script>ipt>",
    "comment-break": "--><img src=x onerror=__xss('cm') data-xss><!--",
    "cdata": "<![CDATA[<img src=x onerror=__xss('cdata') data-xss>]]>",
    "object": "<object data-xss data=\"javascript:__xss('obj')\"></object>",
    "form-action": "<form data-xss action=\"javascript:__xss('form')\"><button>g</button></form>",
    "meta-refresh": '<meta data-xss http-equiv="refresh" content="0;url=javascript:__xss(\'meta\')">',
    "base": '<base data-xss href="https://evil.example/">',
    "math": "<math data-xss><mtext><table><mglyph><style><img src=x onerror=__xss('math')>",
    "turkish": "Çığ öncesi İşçi <img src=x onerror=__xss('tr') data-xss> şüphe",
}

#: Short payloads for fields with a small maximum length (titles, names, codes), shortest last.
SHORT = [
    "<img src=x onerror=__xss(1) data-xss>",
    '"><svg onload=__xss(2) data-xss>',
    "'><svg onload=__xss(3) data-xss>",
    "<script data-xss>__xss(4)</script>",
    "<a data-xss href=javascript:__xss(5)>a</a>",
    "<div data-xss hx-get=/manage/ hx-trigger=load>",
    "{{ request.user }}{% debug %}__xss",
    "</title><b data-xss>",
    '" onmouseover="__xss(6)" data-xss="',
    "<b data-xss>",
]

FULL = " ".join(PAYLOADS.values())

PLAIN = "Düz metin"

#: A file name that breaks out of attributes and tags wherever it is shown.
FILE_NAME = "\"><img src=x onerror=__xss('file') data-xss>.png"

#: The script every browser page gets before its own: ``__xss`` records a call, ``alert`` too.
INIT_SCRIPT = """
window.__xssCalls = [];
window.__xss = function (id) { window.__xssCalls.push(String(id)); };
"""


_rotation = cycle(SHORT)


def short(max_length: int | None) -> str:
    """The next short payload that fits ``max_length`` characters (any when ``None``)."""
    for _ in range(len(SHORT)):
        payload = next(_rotation)
        if max_length is None or len(payload) <= max_length:
            return payload
    return SHORT[-1]


def long(max_length: int | None) -> str:
    """As many of the corpus's payloads as fit ``max_length`` characters (all when ``None``)."""
    if max_length is None or len(FULL) <= max_length:
        return FULL
    out = ""
    for payload in PAYLOADS.values():
        if len(out) + len(payload) + 1 > max_length:
            continue
        out = f"{out} {payload}" if out else payload
    return out or short(max_length)


def shows_payload(page: str) -> bool:
    """Whether ``page`` shows some payload of the corpus (escaped or not)."""
    return "__xss" in page or MARK in page
