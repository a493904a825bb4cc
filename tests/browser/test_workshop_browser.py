"""A live workshop in a real browser: the facilitator's screen at projector size
(1920x1080) and five participants' phones (390x844), each its own Chromium context.

The test starts its own workshop (a unique title) on the seeded install's
"CRM adoption 2026" assessment, so it depends on no other test. Five phones are needed:
the assessment's anonymity threshold is 5, and results appear only from five answers.
"""

from __future__ import annotations

import re
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Locator, Page, ViewportSize, expect

from tests.browser.conftest import (
    CONSULTANT,
    VIEWPORTS,
    ScriptRuns,
    Seeded,
    choose,
    go_to,
    new_context,
    sign_in,
    wait_until_idle,
)

Shoot = Callable[[Page, str], Path]

pytestmark = pytest.mark.browser

PROJECTOR: ViewportSize = {"width": 1920, "height": 1080}
JOIN_CODE = re.compile(r"^[ACDEFGHJKMNPQRTWXY34679]{6}$")
ASSESSMENT = re.compile(r"· CRM adoption 2026 · wave \d+$")
# Three front-line roles and two leadership roles (questionnaires/crm-adoption.yaml).
ROLES = [
    "Sales",
    "Marketing",
    "Customer service and success",
    "Team manager",
    "Executive leadership",
]
PULSE_ITEMS = ["purpose_decisions", "purpose_my_gain"]  # the Purpose dimension's pulse set
FOLLOW_SECONDS = 6.0  # the issue asks for ~2 s; a shared 2-core CI machine gets slack
LIVE_SECONDS = 10.0  # the facilitator's live area refreshes every 2 s


@contextmanager
def contexts(browser: Browser, url: str, n: int) -> Iterator[list[BrowserContext]]:
    """`n` phone-sized browser contexts (separate cookies and sessions), closed after."""
    opened = [
        new_context(
            browser, viewport=VIEWPORTS["phone"], is_mobile=True, has_touch=True, base_url=url
        )
        for _ in range(n)
    ]
    try:
        yield opened
    finally:
        for context in opened:
            context.close()


def new_tab(context: BrowserContext) -> Page:
    tab = context.new_page()
    tab.set_default_timeout(30_000)
    return tab


def no_sideways_scroll(page: Page) -> None:
    width = page.evaluate("() => document.documentElement.scrollWidth")
    limit = (page.viewport_size or {"width": 0})["width"]
    assert width <= limit, f"the page is {width} px wide in a {limit} px viewport"


def no_exception(page: Page) -> None:
    expect(page.get_by_test_id("stException")).to_have_count(0)


def metric(screen: Locator, label: str) -> Locator:
    """The value of the metric with this label on the facilitator's live area."""
    card = screen.get_by_test_id("stMetric").filter(
        has=screen.page.get_by_test_id("stMetricLabel").get_by_text(label, exact=True)
    )
    return card.get_by_test_id("stMetricValue")


def pick_assessment(page: Page) -> None:
    """Choose "CRM adoption 2026" in the Assessment select box (not necessarily first)."""
    choose(page, "facilitate-assessment", ASSESSMENT)
    combo = page.locator(".st-key-facilitate-assessment").get_by_role("combobox")
    expect(combo).to_have_value(ASSESSMENT)


def join(phone: Page, code: str, role: str) -> None:
    """Open the phone page (plain HTML, `ui/phone.py`) and join in a role."""
    phone.goto(f"/w/{code}")
    phone.get_by_role("radio", name=role, exact=True).check()
    phone.get_by_role("button", name="Join the workshop").click()
    expect(phone.get_by_role("heading", name="You are in")).to_be_visible()


def option(phone: Page, item_id: str, n: int) -> Locator:
    return phone.locator(f"fieldset[data-item={item_id}] label").nth(n)


def radio(phone: Page, item_id: str, n: int) -> Locator:
    return phone.locator(f"fieldset[data-item={item_id}] input[type=radio]").nth(n)


def place_cookie(phone: Page) -> dict[str, object]:
    """The phone's place: its HttpOnly cookie, scoped to the workshop's address."""
    [cookie] = [c for c in phone.context.cookies() if c["name"] == "gapmap_phone"]
    return dict(cookie)


def follow_times(targets: list[Locator], since: float) -> list[float | None]:
    """Seconds from `since` until each target is visible (None: not within the limit).
    All targets are watched together, so each figure is its own."""
    seen: list[float | None] = [None] * len(targets)
    while None in seen and time.monotonic() - since < FOLLOW_SECONDS:
        for n, target in enumerate(targets):
            if seen[n] is None and target.is_visible():
                seen[n] = time.monotonic() - since
        time.sleep(0.05)
    return seen


def seconds(figure: float | None) -> str:
    return "not within the limit" if figure is None else f"{figure:.2f} s"


def test_a_facilitator_runs_a_workshop_with_five_phones(
    browser: Browser, seeded_app: Seeded, shoot: Shoot
) -> None:
    title = f"Browser workshop {uuid.uuid4().hex[:8]}"
    screen_context = new_context(browser, viewport=PROJECTOR, base_url=seeded_app.url)
    try:
        with contexts(browser, seeded_app.url, len(ROLES)) as phone_contexts:
            run_the_workshop(
                new_tab(screen_context), [new_tab(c) for c in phone_contexts], title, shoot
            )
    finally:
        screen_context.close()


def run_the_workshop(host: Page, phones: list[Page], title: str, shoot: Shoot) -> None:
    # 1. The facilitator starts a facilitator-paced workshop and shows the join code.
    sign_in(host, *CONSULTANT)
    go_to(host, "Live workshop")
    expect(host.get_by_role("heading", name="Live workshop")).to_be_visible()
    pick_assessment(host)
    host.get_by_label("Title").fill(title)
    expect(
        host.get_by_role("radio", name="Facilitator-paced: phones follow this screen")
    ).to_be_checked()
    host.get_by_role("button", name="Start the workshop").click()
    screen = host.locator(".st-key-ws-screen")
    expect(screen.get_by_role("heading", name=title)).to_be_visible()
    code_box = host.locator(".st-key-ws-join-code h1")
    expect(code_box).to_be_visible()
    code = code_box.inner_text().strip()
    assert JOIN_CODE.match(code), f"the join code {code!r} is not 6 unambiguous characters"
    expect(screen.get_by_text(f"/w/{code}")).to_be_visible()
    expect(screen.get_by_role("img")).to_be_visible()  # the QR code
    wait_until_idle(host)
    no_exception(host)
    shoot(host, "1-screen-lobby-empty")

    # 2. Five phones join: three from the front line, two from leadership.
    for phone, role in zip(phones, ROLES, strict=True):
        join(phone, code, role)
        cookie = place_cookie(phone)
        assert cookie["httpOnly"] is True and cookie["path"] == f"/w/{code}", cookie
        no_sideways_scroll(phone)
    shoot(phones[0], "2-phone-lobby")
    expect(metric(screen, "Joined")).to_have_text("5", timeout=LIVE_SECONDS * 1000)
    shoot(host, "1-screen-lobby-five-joined")

    # 3. The facilitator moves to the first dimension; every phone follows by itself.
    next_button = host.locator(".st-key-ws-next button")
    expect(next_button).to_be_enabled()
    clicked = time.monotonic()
    next_button.click()
    *seen, moved = follow_times(
        [phone.get_by_role("heading", name="Purpose") for phone in phones]
        + [host.get_by_text("Step 2 of 7: Purpose")],
        clicked,
    )
    print(f"\nafter Next: the screen moved in {seconds(moved)}; the phones showed Purpose in")
    for role, figure in zip(ROLES, seen, strict=True):
        print(f"  {role}: {seconds(figure)}")
    for phone in phones:  # the failure message names what is missing
        expect(phone.get_by_role("heading", name="Purpose")).to_be_visible(timeout=1)
    wait_until_idle(host)
    expect(host.get_by_text("Step 2 of 7: Purpose")).to_be_visible()

    # 4. Every phone answers both pulse items of Purpose (different answers on each).
    # Each answer is marked saved only once the server replied that it is stored.
    for n, phone in enumerate(phones):
        for i, item in enumerate(PULSE_ITEMS):
            choice = (n + 2 * i) % 5
            option(phone, item, choice).click()
            expect(radio(phone, item, choice)).to_be_checked()
            expect(phone.locator(f"#status-{item}")).to_have_text("Saved ✓")
        expect(phone.locator("#saved-count")).to_have_text("2 of 2 answers here saved")
        no_sideways_scroll(phone)
    shoot(phones[3], "3-phone-purpose-answered")

    # 5. The screen counts the answers; results stay hidden until they are revealed.
    expect(metric(screen, "Answered")).to_have_text("5", timeout=LIVE_SECONDS * 1000)
    expect(screen.get_by_text("Hidden. Reveal the results when the room is ready")).to_be_visible()
    expect(screen.get_by_test_id("stVegaLiteChart")).to_have_count(0)
    host.locator(".st-key-ws-reveal button").click()
    expect(screen.get_by_test_id("stVegaLiteChart").first).to_be_visible(
        timeout=LIVE_SECONDS * 1000
    )
    expect(metric(screen, "Room's score")).to_be_visible()
    expect(metric(screen, "Room's score")).to_have_text(re.compile(r"^\d+[.,]\d{2}$"))
    expect(host.locator(".st-key-ws-reveal button")).to_contain_text("Hide results")
    wait_until_idle(host)
    no_exception(host)
    shoot(host, "4-screen-revealed")

    # 6. A phone reloads: back on Purpose with its own answers, and not joined twice.
    again = phones[1]
    again.reload()
    expect(again.get_by_role("heading", name="Purpose")).to_be_visible()
    expect(radio(again, PULSE_ITEMS[0], 1)).to_be_checked()
    expect(radio(again, PULSE_ITEMS[1], 3)).to_be_checked()
    no_sideways_scroll(again)
    # Two refreshes of the live area (every 2 s) after the reload: still five joined.
    ScriptRuns(host, fragments=True).wait(2, timeout=LIVE_SECONDS * 1000)
    expect(metric(screen, "Joined")).to_have_text("5")
    expect(metric(screen, "Answered")).to_have_text("5")

    # 7. The facilitator ends the workshop; every phone says so by itself.
    host.get_by_role("button", name="End workshop").click()
    host.locator(".st-key-ws-end button").click()
    expect(host.get_by_text(f"The workshop {title} has ended.")).to_be_visible()
    for phone in phones:
        expect(phone.get_by_role("heading", name="This workshop has ended")).to_be_visible(
            timeout=LIVE_SECONDS * 1000
        )
    no_sideways_scroll(phones[0])
    shoot(phones[0], "6-phone-ended")
    expect(host.get_by_role("heading", name=title)).to_be_visible()
    wait_until_idle(host)
    no_exception(host)
    shoot(host, "5-screen-ended")


def test_a_phone_with_an_unknown_code_can_type_another(
    browser: Browser, seeded_app: Seeded, shoot: Shoot
) -> None:
    with contexts(browser, seeded_app.url, 1) as (context,):
        phone = new_tab(context)
        phone.goto("/w/QQQQQQ")
        expect(phone.get_by_role("heading", name="We could not find this workshop")).to_be_visible()
        expect(phone.get_by_text("No running workshop has the code QQQQQQ")).to_be_visible()
        box = phone.get_by_role("textbox", name="Workshop code")
        expect(box).to_be_visible()
        expect(box).to_be_editable()
        no_sideways_scroll(phone)
        shoot(phone, "phone-unknown-code")


# Every text on the projector at least this large at 1920×1080 (the figure).
PROJECTOR_MIN_PX = 24.0


def start_and_join(host: Page, phones: list[Page], title: str) -> None:
    """The consultant starts a workshop called `title`, each phone joins it with its own
    role (ROLES), and the room moves on to its first dimension."""
    sign_in(host, *CONSULTANT)
    go_to(host, "Live workshop")
    pick_assessment(host)
    host.get_by_label("Title").fill(title)
    host.get_by_role("button", name="Start the workshop").click()
    code_box = host.locator(".st-key-ws-join-code h1")
    expect(code_box).to_be_visible()
    code = code_box.inner_text().strip()
    for phone, role in zip(phones, ROLES, strict=True):
        join(phone, code, role)
    host.locator(".st-key-ws-next button").click()


def test_presenter_and_projector_in_german_at_1920(
    browser: Browser, seeded_app: Seeded, shoot: Shoot
) -> None:
    """The presenter view drives a German room; its link opens the projector view in a
    window of its own: results only, no button, every text at least 24 px, "Zur
    Diskussion" in sight without scrolling, nothing asking to hover."""
    title = f"Projector {uuid.uuid4().hex[:8]}"
    screen_context = new_context(browser, viewport=PROJECTOR, base_url=seeded_app.url)
    try:
        with contexts(browser, seeded_app.url, len(ROLES)) as phone_contexts:
            host = new_tab(screen_context)
            phones = [new_tab(c) for c in phone_contexts]
            start_and_join(host, phones, title)
            for n, phone in enumerate(phones):
                expect(phone.get_by_role("heading", name="Purpose")).to_be_visible()
                for i, item in enumerate(PULSE_ITEMS):
                    option(phone, item, (n + 2 * i) % 5).click()
                    expect(phone.locator(f"#status-{item}")).to_have_text("Saved ✓")
            host.locator(".st-key-facilitate-language").get_by_text("Deutsch", exact=True).click()
            wait_until_idle(host)
            expect(host.get_by_text("Schritt 2 von 7: Zweck")).to_be_visible()
            host.locator(".st-key-ws-reveal button").click()
            screen = host.locator(".st-key-ws-screen")
            expect(metric(screen, "Wert im Raum")).to_be_visible(timeout=LIVE_SECONDS * 1000)
            expect(host.locator(".st-key-ws-reveal button")).to_contain_text("Ergebnisse verdecken")
            link = host.get_by_role("link", name="Projektoransicht in neuem Fenster öffnen")
            expect(link).to_be_visible()
            href = link.get_attribute("href") or ""
            assert href.endswith("&view=projector&lang=de"), href
            wait_until_idle(host)
            no_exception(host)

            room = new_tab(screen_context)  # the projector's window, signed in by cookie
            room.goto(href)
            projected = room.locator(".st-key-ws-projector")
            expect(metric(projected, "Wert im Raum")).to_have_text(re.compile(r"^\d,\d{2}$"))
            expect(projected.get_by_test_id("stVegaLiteChart").first).to_be_visible()
            # (never idle: it redraws itself every second)
            no_exception(room)
            assert_projected(room)
            room.evaluate(WATCH_STALE)  # the projector redraws without greying out too
            assert_steady(room)
            shoot(host, "presenter-de")
            shoot(room, "projector-de")

            # The presenter switches the room to English: the projector's window, a
            # session of its own, follows on its next refresh (nothing clicked there).
            host.locator(".st-key-facilitate-language").get_by_text("English", exact=True).click()
            expect(host.get_by_text("Step 2 of 7: Purpose")).to_be_visible()
            expect(metric(projected, "Room's score")).to_be_visible(timeout=LIVE_SECONDS * 1000)
            expect(projected.get_by_role("heading", name="Purpose")).to_be_visible()
            expect(projected.get_by_role("heading", name="To discuss")).to_be_visible()
            no_exception(room)  # (never idle: it redraws itself every second)
            shoot(room, "projector-en-followed")
    finally:
        screen_context.close()


def assert_projected(room: Page) -> None:
    main = room.get_by_test_id("stMain")
    room.mouse.move(960, 540)  # a mouse over the screen shows no toolbar either
    buttons = main.get_by_role("button")
    assert buttons.count() == 0, [b.get_attribute("aria-label") for b in buttons.all()]
    expect(main.get_by_role("link")).to_have_count(0)
    expect(main.get_by_role("textbox")).to_have_count(0)
    expect(room.get_by_test_id("stSidebar")).to_be_hidden()
    sizes = room.evaluate(
        """() => [...document.querySelectorAll(
              '.st-key-ws-projector :is(p, li, h1, h2, h3, code, [data-testid=stMetricValue] div)')]
            .filter(e => e.innerText.trim() !== '')
            .map(e => [e.innerText.trim().slice(0, 40),
                       parseFloat(getComputedStyle(e).fontSize)])"""
    )
    small = [(text, px) for text, px in sizes if px < PROJECTOR_MIN_PX]
    assert sizes and not small, f"texts below {PROJECTOR_MIN_PX} px: {small}"
    captions = room.evaluate(
        """() => [...document.querySelectorAll(
              '.st-key-ws-projector [data-testid=stCaptionContainer] *')]
            .filter(e => e.innerText.trim() !== '')
            .map(e => [getComputedStyle(e).color, getComputedStyle(e).opacity])"""
    )
    assert captions and all(c == ["rgb(31, 41, 51)", "1"] for c in captions), captions
    labels = room.locator(".st-key-ws-projector [data-testid=stMetricLabel] p")
    expect(labels).to_have_text(["Beigetreten", "Geantwortet", "Wert im Raum"])
    discuss = room.locator(".st-key-ws-discuss")
    expect(discuss.get_by_role("heading", name="Zur Diskussion")).to_be_visible()
    box = discuss.bounding_box()
    assert box is not None and box["y"] >= 0 and box["y"] + box["height"] <= PROJECTOR["height"], (
        f"Zur Diskussion at {box} is not within the 1080 px screen"
    )
    text = room.locator("body").inner_text()
    assert "hover" not in text.lower() and "darüberfahren" not in text.lower()
    for english in ("Joined", "Room's score", "Step ", "target level", "To discuss"):
        assert english not in text, english


# Installed in the presenter's tab: every element of the main area that Streamlit marks
# stale (`data-stale="true"`: a redraw under way has not drawn it again yet) is looked
# at as it turns stale (a MutationObserver) and on every animation frame while it stays
# so. It counts as faded when it is below full opacity or an opacity transition towards
# Streamlit's greyed-out 0.33 has begun (Streamlit waits 0.5 s before the fade shows, so
# a quick redraw is caught by its transition, not only by its opacity).
WATCH_STALE = """() => {
    const main = document.querySelector('[data-testid=stMain]');
    const seen = {caught: 0, stale: 0, frames: 0, faded: []};
    let before = 0;
    const look = () => {
        const stale = main.querySelectorAll('[data-stale=true]');
        if (stale.length && !before) seen.caught += 1;  // a redraw caught under way
        before = stale.length;
        for (const el of stale) {
            seen.stale += 1;
            const opacity = parseFloat(getComputedStyle(el).opacity);
            const fading = el.getAnimations().some(a => a.transitionProperty === 'opacity');
            if (opacity < 1 || fading) {
                const what = el.querySelector('[data-testid]')?.dataset.testid;
                seen.faded.push([what, (el.innerText || '').trim().slice(0, 30), opacity]);
            }
        }
    };
    new MutationObserver(look).observe(
        main, {subtree: true, childList: true, attributes: true, attributeFilter: ['data-stale']}
    );
    const frame = () => { seen.frames += 1; look(); requestAnimationFrame(frame); };
    requestAnimationFrame(frame);
    window.gapmapStale = seen;
}"""


def test_the_presenter_view_does_not_fade_while_it_refreshes(
    browser: Browser, seeded_app: Seeded, shoot: Shoot
) -> None:
    """The presenter's live area redraws itself every second; nothing on it greys out
    meanwhile (a shared screen would flicker), and its figures still follow the room."""
    title = f"Steady {uuid.uuid4().hex[:8]}"
    screen_context = new_context(browser, viewport=PROJECTOR, base_url=seeded_app.url)
    try:
        with contexts(browser, seeded_app.url, len(ROLES)) as phone_contexts:
            host = new_tab(screen_context)
            phones = [new_tab(c) for c in phone_contexts]
            start_and_join(host, phones, title)
            *first, last = phones
            for n, phone in enumerate(first):
                expect(phone.get_by_role("heading", name="Purpose")).to_be_visible()
                for i, item in enumerate(PULSE_ITEMS):
                    option(phone, item, (n + 2 * i) % 5).click()
                    expect(phone.locator(f"#status-{item}")).to_have_text("Saved ✓")
            host.locator(".st-key-facilitate-language").get_by_text("Deutsch", exact=True).click()
            wait_until_idle(host)
            screen = host.locator(".st-key-ws-screen")
            expect(host.get_by_text("Schritt 2 von 7: Zweck")).to_be_visible()
            expect(metric(screen, "Beigetreten")).to_have_text("5")
            expect(metric(screen, "Geantwortet")).to_have_text("4")

            # Watch the main area through the live area's own refreshes (two cycles at
            # least), while the fifth participant answers: the count follows.
            host.evaluate(WATCH_STALE)
            runs = ScriptRuns(host, fragments=True)
            runs.wait(2)
            expect(last.get_by_role("heading", name="Purpose")).to_be_visible()
            for i, item in enumerate(PULSE_ITEMS):
                option(last, item, (4 + 2 * i) % 5).click()
                expect(last.locator(f"#status-{item}")).to_have_text("Saved ✓")
            expect(metric(screen, "Geantwortet")).to_have_text("5")
            runs.wait(runs.seen() + 2)  # two more refreshes after the figure moved
            assert_steady(host)

            host.locator(".st-key-ws-reveal button").click()
            expect(metric(screen, "Wert im Raum")).to_have_text(re.compile(r"^\d,\d{2}$"))
            expect(screen.get_by_test_id("stVegaLiteChart").first).to_be_visible()
            wait_until_idle(host)
            no_exception(host)
            shoot(host, "presenter-steady-de")
    finally:
        screen_context.close()


def assert_steady(page: Page) -> None:
    """Nothing the `WATCH_STALE` watch saw faded, once it has caught two redraws under
    way (a watch that saw none would prove nothing)."""
    page.wait_for_function("() => window.gapmapStale.caught >= 2")
    seen = page.evaluate("() => window.gapmapStale")
    print(
        f"\n{seen['caught']} redraws caught under way, {seen['stale']} stale"
        f" elements seen over {seen['frames']} frames"
    )
    assert seen["faded"] == [], f"faded while redrawn: {seen['faded'][:5]}"
