from dashboard_browser import PHONE, PageWatch, open_page, shoot
def test_probe(browser, dashboard_url):
    page = browser.new_context(viewport=PHONE).new_page()
    w = PageWatch(page).attach()
    open_page(page, dashboard_url, "/deep-dive", w, timeout=90)
    print(page.evaluate("""() => Array.from(document.querySelectorAll('*')).filter(el => el.scrollWidth - el.clientWidth > 1 && ['auto','scroll'].includes(getComputedStyle(el).overflowX)).map(el => el.tagName + '#' + el.id + '.' + el.className + ' ' + (el.scrollWidth - el.clientWidth))"""))
    print(page.evaluate("""() => Array.from(document.querySelectorAll('#page-components *')).filter(el => el.getBoundingClientRect().right > window.innerWidth + 1 && !el.closest('.ag-root-wrapper')).slice(0,12).map(el => el.tagName + '#' + el.id + '.' + (typeof el.className === 'string' ? el.className : '') + ' ' + Math.round(el.getBoundingClientRect().width)+ ' ' + getComputedStyle(el).minWidth)"""))
    shoot(page, "probe", "dark", 390)
