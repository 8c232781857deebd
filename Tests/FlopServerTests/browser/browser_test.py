"""Drives FlopWatch's web pages in a real headless Chromium (Debian's chromium and
chromium-driver, Selenium from PyPI). Called by BrowserTests.swift against a running server
with a seeded registry; exits non-zero on the first failed check, naming it.

usage: browser_test.py BASE COMPLIANCE_TOKEN VIEWER_TOKEN SUBMITTER_TOKEN SCREENSHOT_DIR HOSTILE_RUN
"""
import json
import os
import sys
import urllib.request

from selenium import webdriver
from selenium.common.exceptions import NoAlertPresentException, StaleElementReferenceException, WebDriverException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

base, compliance, viewer, submitter, shots, hostile_run = sys.argv[1:7]
os.makedirs(shots, exist_ok=True)


def check(condition, what):
    if not condition:
        print(f"FAILED: {what}", flush=True)
        sys.exit(1)
    print(f"ok: {what}", flush=True)


def driver():
    options = webdriver.ChromeOptions()
    for argument in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1400,1000"]:
        options.add_argument(argument)
    options.binary_location = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    service = Service(os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver"))
    return webdriver.Chrome(service=service, options=options)


def screenshot(d, name):
    height = d.execute_script("return document.body.scrollHeight")
    d.set_window_size(1400, min(height + 40, 5000))
    d.save_screenshot(os.path.join(shots, name + ".png"))
    d.set_window_size(1400, 1000)


def navigating(d, action):
    """Runs an action that loads a new page (a click, a form), and waits until the old page is gone
    and the new one has loaded: otherwise the next lookup may find the old page's elements."""
    old = d.find_element(By.TAG_NAME, "html")
    action()
    WebDriverWait(d, 20).until(lambda driver: gone(old))
    WebDriverWait(d, 20).until(lambda driver: driver.execute_script("return document.readyState") == "complete")


def gone(element):
    """Whether an element's page was replaced. Chrome reports a replaced node either as stale or,
    while the new document is being attached, as "Node with given id does not belong to the
    document" (a plain WebDriverException, which expected_conditions.staleness_of lets through)."""
    try:
        element.is_enabled()
        return False
    except StaleElementReferenceException:
        return True
    except WebDriverException as error:
        if "does not belong to the document" in str(error):
            return True
        raise


def sign_in(d, token):
    d.get(base + "/")
    check("/signin" in d.current_url, "a page without a session goes to sign-in")
    d.find_element(By.ID, "token").send_keys(token)
    navigating(d, lambda: d.find_element(By.ID, "signin").click())
    check(d.find_elements(By.ID, "runs"), "signing in with a token shows the runs page")


def no_alert(d):
    try:
        d.switch_to.alert
        return False
    except NoAlertPresentException:
        return True


def points(d):
    return len(d.find_elements(By.CSS_SELECTOR, "#progress-chart circle.point"))


d = driver()
try:
    sign_in(d, compliance)
    screenshot(d, "runs")
    rows = d.find_elements(By.CSS_SELECTOR, "#runs tbody tr")
    check(len(rows) >= 3, f"the runs page lists the seeded runs ({len(rows)} rows)")

    # Filter by text, then by a rule's status.
    d.find_element(By.NAME, "q").send_keys("atlas")
    navigating(d, lambda: d.find_element(By.ID, "apply").click())
    ids = [a.text for a in d.find_elements(By.CSS_SELECTOR, "#runs tbody tr td:first-child a")]
    check(ids == ["atlas"], f"filtering by text leaves only atlas ({ids})")
    d.get(base + "/?rule=eu-ai-act%2Fsystemic-risk-presumption&rule_status=met")
    ids = [a.text for a in d.find_elements(By.CSS_SELECTOR, "#runs tbody tr td:first-child a")]
    check("atlas" in ids and "wren" not in ids, f"filtering by a rule's status ({ids})")
    screenshot(d, "runs-filtered")

    # Open a run; report progress through the API; the chart gains the point.
    d.get(base + "/")
    navigating(d, lambda: d.find_element(By.LINK_TEXT, "atlas").click())
    check("/runs/atlas" in d.current_url, "a run's link opens its page")
    before = points(d)
    check(before >= 2, f"the progress chart shows the recorded points ({before})")
    request = urllib.request.Request(
        base + "/api/v1/runs/atlas/progress", method="POST",
        data=json.dumps({"tokens": 9e12, "at": "2026-11-20"}).encode(),
        headers={"Authorization": "Bearer " + submitter, "Content-Type": "application/json"})
    with urllib.request.urlopen(request) as answer:
        check(answer.status == 200, "a progress report is accepted")
    d.refresh()
    after = points(d)
    check(after == before + 1, f"the chart shows the new point after a reload ({before} -> {after})")
    check(d.find_elements(By.CSS_SELECTOR, "#progress-chart polyline.forecast"), "the chart has a forecast line")
    check(d.find_elements(By.CSS_SELECTOR, "#progress-chart line.threshold"), "the chart has threshold lines")
    screenshot(d, "run")
    # The README's picture: the run page from its progress chart down, one laptop screen.
    d.set_window_size(1280, 1000)
    d.execute_script("document.getElementById('progress').scrollIntoView()")
    d.save_screenshot(os.path.join(shots, "run-progress.png"))
    d.set_window_size(1400, 1000)

    # Compliance marks an obligation done with evidence.
    forms = d.find_elements(By.CSS_SELECTOR, "form.done-form")
    check(forms, "compliance sees a form to mark obligations done")
    row_id = forms[0].find_element(By.XPATH, "./ancestor::tr").get_attribute("id")
    forms[0].find_element(By.NAME, "evidence").send_keys("https://filings.example/EU-52 <b>bold</b>")
    navigating(d, lambda: forms[0].find_element(By.CSS_SELECTOR, "button").click())
    row = d.find_element(By.ID, row_id)
    check("done" in row.text and "<b>bold</b>" in row.text, f"the obligation is done and its evidence shown as text ({row.text[:80]!r})")

    # Hostile text is rendered as text, never run.
    d.get(base + "/runs/" + hostile_run)
    heading = d.find_element(By.TAG_NAME, "h1").text
    check("<script>" in heading and "onerror" in heading, f"a hostile run name is shown as text ({heading[:60]!r})")
    check(no_alert(d), "no script from the run name ran")
    check(d.execute_script("return window.__xss === undefined"), "no injected handler ran")
    check(not d.find_elements(By.CSS_SELECTOR, "main img, main script, a[href^='javascript:']"), "no injected element or javascript: link")
    screenshot(d, "xss")
    d.get(base + "/")
    check(no_alert(d) and d.execute_script("return window.__xss === undefined"), "the runs page shows the hostile name inertly")

    d.get(base + "/obligations")
    check(d.find_elements(By.ID, "timeline"), "the obligations page has its timeline")
    screenshot(d, "obligations")
    d.get(base + "/thresholds")
    check("eu-ai-act" in d.find_element(By.ID, "regimes").text, "the thresholds page lists the regimes")
    screenshot(d, "thresholds")

    # Sign out; a viewer sees no form, and a crafted post is refused.
    navigating(d, lambda: d.find_element(By.CSS_SELECTOR, "nav form button").click())
    sign_in(d, viewer)
    d.get(base + "/runs/atlas")
    check(not d.find_elements(By.CSS_SELECTOR, "form.done-form"), "a viewer sees no mark-done form")
    rows = [r for r in d.find_elements(By.CSS_SELECTOR, "#obligation-table tbody tr") if "open" in r.text]
    row_number = rows[0].get_attribute("id").split("-")[1]
    csrf = d.find_element(By.CSS_SELECTOR, "nav input[name=csrf]").get_attribute("value")
    navigating(d, lambda: d.execute_script(
        "const f = document.createElement('form'); f.method = 'post'; f.action = arguments[0];"
        "for (const [k, v] of [['evidence', 'sneaky'], ['csrf', arguments[1]]]) {"
        "  const i = document.createElement('input'); i.name = k; i.value = v; f.appendChild(i); }"
        "document.body.appendChild(f); f.submit();",
        f"/runs/atlas/obligations/{row_number}/done", csrf))
    body = d.find_element(By.TAG_NAME, "body").text
    check("403" in body and "needs compliance" in body, f"a viewer's post to mark done is refused ({body[:80]!r})")
    screenshot(d, "viewer-refused")
finally:
    d.quit()
print("all browser checks passed")
