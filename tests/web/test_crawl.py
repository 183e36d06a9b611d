"""Every page a demo role reaches from its navigation — the navigation pages at 1280 px and
390 px, and one page of each kind they link to (a patent, a declaration, a deal…) at 390 px —
in headless Chromium: no sideways scrolling on a phone, no console error, no link that answers
4xx/5xx (or sends a signed-in user to the login form; links of one kind — one route, other
ids — are checked up to ``PER_KIND`` of them), and no Latin-letter word in the interface outside
the allow-list. Record data (titles, names, numbers as typed) is marked ``data-record`` in the
templates and is not the interface's language. Screenshots go to test-output/crawl/."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs, urljoin, urlparse

import pytest
from playwright.sync_api import Browser, Page
from playwright.sync_api import expect as expect_that

from tests.conftest import SHARED
from tests.support.server import serving
from tests.web.test_browser import browser as browser
from zhichan import demo_steps, runtime
from zhichan.accounts import service as accounts_service
from zhichan.core import dates
from zhichan.core.principal import Principal
from zhichan.core.settings import Settings
from zhichan.db import migrate
from zhichan.db.engine import make_engine
from zhichan.db.session import unit_of_work

# The module's tests stay on one worker (``make test`` runs ``--dist loadgroup``), so both
# workers do not each build the demo site.
pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("crawl")]

ADMIN = ("admin", "crawl-admin-password")
WIDTHS = (1280, 390)
#: Links of one kind answer alike; two of each stand for the rest (a role's pages link some
#: 400 addresses, half of them patents, and checking them all was half the crawl's time).
PER_KIND = 2
#: Latin-letter words a Chinese interface may show: codes and units people in the field read
#: as they are, and product names. Anything else is English leaking into the interface.
ALLOWED = re.compile(
    r"""^(
        [A-H]\d{2}[A-Z]?(\d{1,4}(/\d{1,6})?)?      # IPC/CPC symbols
      | (CN|US|EP|WO|JP|KR)\d*[A-Z]?\d?            # patent numbers and country codes
      | ZL\d*                                      # Chinese patent numbers
      | (KF|KC|XK|BA|TJ)\d{10}                       # our announcement, licence and filing numbers
      | AND | OR | NOT | TI | AB | CL | TX | PA | IN | AD | PD | PN | AN | PT | LS   # search syntax
      | PR | PROV | SRC
      | SHA-256 | CSV | XLSX | Excel | Word | PDF | JSON | JSONL | XML | HTML | API | URL | ECharts
      | UTF-8 | GBK | Tantivy | BM25 | Dolos | IR-Plag | KPPatent-ZH | USPTO | CNIPA | incoPat
      | PatSnap | Espacenet | cn-cpc | OECD | GB/T | zhichan | zc_\w*
      | KB | MB | GB | px | km | kg | ms | AUC | ROC | F1 | TF-IDF | IPC | CPC | SEI | PCT
      | CAGR | CR4 | HHI                             # concentration and growth measures
      | xlsx? | csv | jsonl? | docx | zip             # file name extensions
      | Q[1-4] | [A-Z]                              # quarters, single letters (IPC sections)
    )$""",
    re.X,
)
WORDS_JS = """() => {
  const out = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    const el = node.parentElement;
    if (!el || el.closest('script,style,noscript,[data-record],code,pre,kbd')) continue;
    if (!el.offsetParent && getComputedStyle(el).position !== 'fixed') continue;
    for (const w of node.textContent.match(/[A-Za-z][A-Za-z0-9_./\\-]*/g) || []) out.push(w);
  }
  // Options are drawn by the browser, not laid out: read those of every visible list.
  for (const el of document.querySelectorAll('select option')) {
    const list = el.closest('select');
    if (!list.offsetParent || el.closest('[data-record]')) continue;
    for (const w of el.textContent.match(/[A-Za-z][A-Za-z0-9_./\\-]*/g) || []) out.push(w);
  }
  for (const el of document.querySelectorAll('input[placeholder],textarea[placeholder]')) {
    if (el.closest('[data-record]')) continue;
    for (const w of el.placeholder.match(/[A-Za-z][A-Za-z0-9_./\\-]*/g) || []) out.push(w);
  }
  return out;
}"""


WIDEST_JS = """(width) => {
  const out = [];
  for (const el of document.body.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    if (r.right > width + 1 && !el.closest('table, [data-scroll]')) {
      const inner = [...el.children].some(c => c.getBoundingClientRect().right > width + 1);
      if (!inner) out.push(el.tagName.toLowerCase() + (el.className ? '.' + el.className : '')
        + '(' + Math.round(r.right) + ')');
    }
  }
  return out.slice(0, 4).join(' ');
}"""


@dataclass
class Findings:
    problems: list[str] = field(default_factory=list)
    per_kind: Counter[str] = field(default_factory=Counter)

    def add(self, where: str, what: str) -> None:
        self.problems.append(f"{where}: {what}")


@pytest.fixture(scope="module")
def demo_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, dict[str, str]]]:
    tmp = tmp_path_factory.mktemp("crawl")
    url = f"sqlite:///{tmp / 'demo.db'}"
    engine = make_engine(url)
    migrate.upgrade(engine)
    settings = Settings(
        database_url=url,
        data_dir=str(tmp / "var"),
        shared_dir=str(SHARED),
        search_model="none",
        web_jobs=False,
        secret_key="crawl",
    )
    rt = runtime.build(settings, engine)
    with unit_of_work(rt.session_factory) as session:
        accounts_service.ensure_platform_admin(session=session, password=ADMIN[1])
    demo_steps.load(rt, Principal.operator("pytest"), dates.today(), echo=lambda _line: None)
    # Loading again adds nothing (test_cli runs the same through the CLI on PostgreSQL).
    again: list[str] = []
    demo_steps.load(rt, Principal.operator("pytest"), dates.today(), echo=again.append)
    made = [line for line in again if "新建" in line or "资源库 637" in line]
    assert made == [] and any("无需补齐" in line for line in again), again
    lines = (tmp / "var" / "demo-accounts.txt").read_text().splitlines()[1:]
    logins = {user: password for user, password, _org in (li.split("\t") for li in lines)}
    with serving(settings, engine) as base:
        yield base, {ADMIN[0]: ADMIN[1], **logins}
    engine.dispose()


def _login(page: Page, base: str, user: str, password: str) -> None:
    page.goto(f"{base}/login")
    page.get_by_label("登录名").fill(user)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(lambda u: "/login" not in u, timeout=15_000)


def _nav(page: Page, base: str) -> list[str]:
    hrefs = page.eval_on_selector_all(
        "nav[aria-label='主导航'] a[href]", "els => els.map(e => e.getAttribute('href'))"
    )
    return list(dict.fromkeys(urljoin(base + "/", h) for h in hrefs if h.startswith("/")))


def _links(page: Page, base: str) -> list[str]:
    hrefs = page.eval_on_selector_all("a[href]", "els => els.map(e => e.getAttribute('href'))")
    out = []
    for h in hrefs:
        full = urljoin(page.url, h)
        parsed = urlparse(full)
        if full.startswith(base) and parsed.path not in ("/logout",) and h[:1] not in ("#", ""):
            out.append(full.split("#")[0])
    return list(dict.fromkeys(out))


def _kind(url: str) -> str:
    path = urlparse(url).path
    return re.sub(r"/[^/]*\d[^/]*(?=/|$)", "/#", path)


def _is_page(url: str) -> bool:
    """An HTML page (not an API answer or a download)."""
    path = urlparse(url).path
    return not path.startswith(("/api/", "/static/")) and not re.search(
        r"\.(csv|xlsx|jsonl|pdf|json|zip|html)$", path
    )


def _check_page(
    page: Page, base: str, url: str, role: str, width: int, out: Path, seen: dict[str, int],
    found: Findings, widths_after: tuple[int, ...] = (), shoot: bool = True,
) -> None:  # fmt: skip
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.set_viewport_size({"width": width, "height": 900})
    response = page.goto(url)
    where = f"{role} {urlparse(url).path}{'?' + urlparse(url).query if urlparse(url).query else ''} @{width}"
    if response is None or response.status >= 400:
        found.add(where, f"page answers {response.status if response else 'nothing'}")
        return
    page.wait_for_load_state("load", timeout=15_000)
    if width < 500:
        if shoot:
            # Full-page screenshots cost more than the visit: the navigation pages at 390 px
            # are the ones to look at (the pages they link to are in each domain's tests).
            name = re.sub(r"[^A-Za-z0-9]+", "-", urlparse(url).path).strip("-") or "home"
            page.screenshot(path=str(out / f"{role}-{name}-{width}.png"), full_page=True)
        wide = page.evaluate("document.documentElement.scrollWidth")
        if wide > width + 1:
            culprits = page.evaluate(WIDEST_JS, width)
            found.add(where, f"scrolls sideways ({wide} px wide): {culprits}")
    _check_words(page, where, found)
    if width == WIDTHS[-1]:
        _check_links(page, base, where, seen, found)
    for wider in widths_after:
        # The same page laid out again (media queries apply on resize): reloading it at each
        # width was a third of the crawl's time and showed nothing a resize does not.
        page.set_viewport_size({"width": wider, "height": 900})
        _check_words(page, where.replace(f"@{width}", f"@{wider}"), found)
    for err in errors:
        found.add(where, f"console: {err[:160]}")


def _check_words(page: Page, where: str, found: Findings) -> None:
    latin = sorted({w.strip("./-") for w in page.evaluate(WORDS_JS)} - {""})
    leaked = [w for w in latin if not ALLOWED.match(w)]
    if leaked:
        found.add(where, "Latin words: " + " ".join(leaked[:25]))


def _check_links(page: Page, base: str, where: str, seen: dict[str, int], found: Findings) -> None:
    for link in _links(page, base):
        if link not in seen:
            kind = _kind(link) + "?" + ",".join(sorted(parse_qs(urlparse(link).query)))
            found.per_kind[kind] += 1
            if found.per_kind[kind] > PER_KIND:
                continue
            got = page.request.get(link, timeout=30_000)
            ends = urlparse(got.url).path
            seen[link] = got.status if not (ends == "/login" and "/login" not in link) else 401
        if seen[link] >= 400:
            found.add(where, f"link {urlparse(link).path} answers {seen[link]}")


@pytest.mark.parametrize("role", ["anonymous", "admin", "demo-office", "demo-univ", "demo-firm",
                                  "demo-bank", "demo-court"])  # fmt: skip
def test_every_navigation_page_reads_in_chinese_fits_and_leads_somewhere(
    browser: Browser,
    demo_site: tuple[str, dict[str, str]],
    output_dir: Path,
    role: str,
) -> None:
    base, logins = demo_site
    out = output_dir / "crawl"
    out.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(locale="zh-CN")
    page = context.new_page()
    if role != "anonymous":
        _login(page, base, role, logins[role])
    page.goto(base + "/")
    pages = _nav(page, base)
    assert pages, "no navigation"
    found, seen = Findings(), {}
    for url in pages:
        _check_page(page, base, url, role, WIDTHS[-1], out, seen, found, WIDTHS[:-1])
    # One page of each kind the navigation pages link to (ids and numbers stand for a kind).
    kinds: dict[str, str] = {}
    for link in seen:
        if seen[link] < 400 and link not in pages and _is_page(link):
            kinds.setdefault(_kind(link), link)
    for url in kinds.values():
        _check_page(page, base, url, role, WIDTHS[-1], out, seen, found, shoot=False)
    context.close()
    assert found.problems == [], "\n".join(found.problems)


def _tab_to(page: Page, selector: str, most: int = 80) -> None:
    """Press Tab until ``selector`` has the focus (as a keyboard user reaches a field)."""
    for _ in range(most):
        if page.evaluate(
            "s => document.activeElement && document.activeElement.matches(s)", selector
        ):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached {selector}")


#: One form per role, driven by the keyboard alone: (role, page, [(field, text)], submit,
#: what the answer page must then show).
KEYBOARD = [
    ("anonymous", "/law", [("#q", "专利权的期限是多久")], "#law-ask button", "专利法"),
    ("demo-office", "/patents", [("#q", "CC=US")], "form[role=search] button", "发明（美国实用专利）"),
    ("demo-univ", "/transfer/inventory", [("input[name=q]", "CN")], "form[role=search] button", "件"),
    ("demo-firm", "/transfer/needs", [("#need-form input[name=title]", "秸秆有机肥"),
        ("#need-form textarea[name=text]", "想把畜禽粪便和秸秆做成有机肥")],
        "#need-form button", "秸秆有机肥"),
    ("demo-bank", "/search", [("#q", "电池")], "#search-form button[type=submit]", "共"),
    ("demo-court", "/forensics", [("#case-form input[name=title]", "键盘建立的案件"),
        ("#case-form input[name=case_number]", "（2026）浙01民初123号")],
        "#case-form button", "（2026）浙01民初123号"),
    ("admin", "/account", [("#token-name", "键盘令牌")], "#token-form button", "zc_"),
]  # fmt: skip


@pytest.mark.parametrize(("role", "path", "fields", "submit", "expect"), KEYBOARD)
def test_a_form_per_role_works_from_the_keyboard(
    browser: Browser,
    demo_site: tuple[str, dict[str, str]],
    role: str,
    path: str,
    fields: list[tuple[str, str]],
    submit: str,
    expect: str,
) -> None:
    base, logins = demo_site
    context = browser.new_context(locale="zh-CN")
    page = context.new_page()
    if role != "anonymous":
        _login(page, base, role, logins[role])
    page.goto(base + path)
    for selector, text in fields:
        _tab_to(page, selector)
        page.keyboard.type(text)
    _tab_to(page, submit)
    page.keyboard.press("Enter")
    # An htmx form swaps its answer in without a navigation: wait for the text (bounded), not
    # for network idle, which may come before the request starts.
    expect_that(page.locator("main")).to_contain_text(expect, timeout=15_000)
    context.close()


def test_the_api_reference_renders_offline(
    browser: Browser,
    demo_site: tuple[str, dict[str, str]],
) -> None:
    base, _ = demo_site
    page = browser.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(base + "/api/docs")
    page.wait_for_selector(".opblock", timeout=20_000)
    # Swagger UI renders only the operations in view once a document has 150 or more
    # (virtualised list), so count what the page loaded rather than what it drew.
    operations = page.evaluate(
        "fetch('/api/openapi.json').then(r => r.json())"
        ".then(s => Object.values(s.paths).reduce((n, p) => n + Object.keys(p).length, 0))"
    )
    assert operations > 100 and page.locator(".opblock").count() >= 5 and errors == []
    page.close()


def test_the_readme_search_example_finds_demo_patents(
    browser: Browser,
    demo_site: tuple[str, dict[str, str]],
) -> None:
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    query = re.search(r'zhichan search "(TI=[^"]+)"', readme)
    assert query, "README shows a field search"
    base, _ = demo_site
    page = browser.new_page()
    got = page.request.get(f"{base}/api/search", params={"q": query.group(1)}).json()
    assert got["total"] >= 2, got
    page.close()
