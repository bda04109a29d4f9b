from dashboard_browser import open_page, shoot
import time

def test_smoke(page, dashboard_url, watch):
    w = watch(page)
    t0 = time.time()
    page.on("request", lambda r: print(round(time.time()-t0,2), "REQ", r.url[-60:]) if "_dash" in r.url else None)
    page.on("requestfinished", lambda r: print(round(time.time()-t0,2), "FIN", r.url[-60:]) if "_dash" in r.url else None)
    page.goto(dashboard_url + "/")
    for i in range(40):
        n = page.evaluate("document.querySelectorAll('[data-dash-is-loading=\"true\"]').length")
        print(round(time.time()-t0,2), "inflight", w.in_flight, "loading", n)
        page.wait_for_timeout(500)
