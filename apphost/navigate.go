package apphost

import (
	"context"
	"fmt"
	"math"

	"github.com/dop251/goja"

	"github.com/wxrun/wxrun/wxapi"
)

// The page stack holds at most this many pages (logic-layer spec §10.2).
const maxStack = 10

// The routing functions, as wx names them.
const (
	navigateTo   = "navigateTo"
	redirectTo   = "redirectTo"
	navigateBack = "navigateBack"
	reLaunch     = "reLaunch"
	switchTab    = "switchTab"
)

// NavigationError is a navigation that failed; ErrMsg is what its fail callback received
// ("navigateTo:fail webview count limit exceed").
type NavigationError struct{ ErrMsg string }

func (e *NavigationError) Error() string { return e.ErrMsg }

// installNavigation defines wx.navigateTo, wx.redirectTo, wx.navigateBack, wx.reLaunch and
// wx.switchTab with WeChat's callback and Promise rules (wxapi.DefineAsync). A url that is
// not a string fails at once, as the base library's parameter check does; the routing
// itself happens on a later turn, where the outcome is decided and the page lifecycles
// run, and success (or fail) comes last, before the new page's onReady.
//
// https://developers.weixin.qq.com/miniprogram/dev/api/route/wx.navigateTo.html
func (h *Host) installNavigation() {
	for _, kind := range []string{navigateTo, redirectTo, reLaunch, switchTab} {
		kind := kind
		h.api.DefineAsync(kind, true, func(c *wxapi.Call) goja.Value {
			urlValue := c.Get("url")
			var events goja.Value
			if kind == navigateTo {
				events = c.Get("events")
			}
			if !goja.IsString(urlValue) {
				c.FailParameter("parameter.url should be String instead of " + c.TypeName(urlValue) + ";")
				return nil
			}
			url := urlValue.String()
			h.rt.Submit(func() { h.finishNavigation(c, kind, url, 1, events) })
			return nil
		})
	}
	// A phone only lets a tap close the mini program; wxrun lets any code, so that a
	// program can end itself the way its user would. success (or the Promise) comes first,
	// then the teardown, on the same later turn.
	//
	// https://developers.weixin.qq.com/miniprogram/dev/api/navigate/wx.exitMiniProgram.html
	h.api.DefineAsync("exitMiniProgram", true, func(c *wxapi.Call) goja.Value {
		h.rt.Submit(func() {
			c.Succeed()
			h.Teardown()
		})
		return nil
	})
	h.api.DefineAsync(navigateBack, true, func(c *wxapi.Call) goja.Value {
		delta := 1
		if d, ok := c.Number("delta"); ok && !math.IsNaN(d) && d >= 1 {
			delta = int(math.Min(d, maxStack))
		}
		h.rt.Submit(func() { h.finishNavigation(c, navigateBack, "", delta, nil) })
		return nil
	})
}

func (h *Host) finishNavigation(c *wxapi.Call, kind, url string, delta int, events goja.Value) {
	channel, reason := h.navigate(kind, url, delta, events)
	switch {
	case reason != "":
		c.Fail(reason)
	case kind == navigateTo:
		c.Succeed(wxapi.Field{Name: "eventChannel", Value: channel})
	default:
		c.Succeed()
	}
}

// navigate changes pages, running their lifecycles in WeChat's order (logic-layer spec
// §10.4), and returns the EventChannel of a navigateTo, or why the navigation failed (the
// text after "<kind>:fail "):
//
//   - navigateTo: the current page's onHide, then the new page loads (onLoad, onShow;
//     onReady later). Tab pages cannot be its target; the stack holds 10 pages at most.
//   - redirectTo: the current page's onUnload, then the new page loads. Not to a tab page.
//   - navigateBack: onUnload of the delta pages on top (as many as there are above the
//     first), then the page revealed gets onShow.
//   - reLaunch: onUnload of every page (the stack from the top down, then tab pages kept
//     alive), then the new page loads; it may be a tab page, with a query.
//   - switchTab: onUnload of the pages on the stack that are not tab pages (from the top
//     down), onHide of the tab page that was current, then the target tab page shows
//     (onShow) or, the first time, loads. Tab pages stay alive once loaded; a query is
//     ignored, as WeChat ignores it.
//
// Loop goroutine only.
func (h *Host) navigate(kind, url string, delta int, events goja.Value) (goja.Value, string) {
	if h.tornDown {
		return nil, "the mini program has been closed"
	}
	if kind == navigateBack {
		if len(h.stack) <= 1 {
			return nil, "cannot navigate back at first page."
		}
		n := min(delta, len(h.stack)-1)
		for range n {
			h.unloadPage(h.top())
		}
		h.showPage(h.top())
		return nil, ""
	}
	base := ""
	if p := h.top(); p != nil {
		base = p.route.path
	}
	target, q := parseURL(url, base)
	var r *route
	if h.project != nil {
		r = h.project.routes[target]
	}
	if r == nil {
		return nil, `page "` + target + `" is not found`
	}
	switch kind {
	case navigateTo:
		if r.tab {
			return nil, "can not navigateTo a tabbar page"
		}
		if len(h.stack) >= maxStack {
			return nil, "webview count limit exceed"
		}
		if p := h.top(); p != nil {
			h.hidePage(p)
		}
		var eventsArg goja.Value = goja.Undefined()
		if events != nil {
			eventsArg = events
		}
		channel := h.fwCall(h.fw.eventChannel, eventsArg)
		h.openPage(r, q, channel)
		return channel, ""
	case redirectTo:
		if r.tab {
			return nil, "can not redirectTo a tabbar page"
		}
		if p := h.top(); p != nil {
			h.unloadPage(p)
		}
		h.openPage(r, q, nil)
	case reLaunch:
		for len(h.stack) > 0 {
			h.unloadPage(h.top())
		}
		for len(h.tabs) > 0 {
			h.unloadPage(h.tabs[0])
		}
		h.openPage(r, q, nil)
	case switchTab:
		if !r.tab {
			return nil, "can not switch to no-tabBar page"
		}
		for len(h.stack) > 0 && !h.top().route.tab {
			h.unloadPage(h.top())
		}
		var current *page
		if len(h.stack) > 0 {
			current = h.top()
		}
		if current != nil && current.route == r {
			h.showPage(current)
			return nil, ""
		}
		if current != nil {
			h.hidePage(current)
		}
		h.stack = h.stack[:0]
		for _, t := range h.tabs {
			if t.route == r {
				h.stack = append(h.stack, t)
				h.showPage(t)
				return nil, ""
			}
		}
		h.openPage(r, nil, nil)
	}
	return nil, ""
}

// Navigate changes pages as the wx function named api does — "navigateTo",
// "redirectTo", "navigateBack" (delta pages, at least one), "reLaunch" or "switchTab" —
// running the lifecycles before it returns (onReady comes on a later turn). A failure is
// a *NavigationError with WeChat's errMsg. Loop goroutine only: other goroutines use
// NavigateTo and its siblings.
func (h *Host) Navigate(api, url string, delta int) error {
	switch api {
	case navigateTo, redirectTo, navigateBack, reLaunch, switchTab:
	default:
		return fmt.Errorf("apphost: %q is not a navigation (navigateTo, redirectTo, navigateBack, reLaunch, switchTab)", api)
	}
	if _, reason := h.navigate(api, url, max(delta, 1), nil); reason != "" {
		return &NavigationError{ErrMsg: api + ":fail " + reason}
	}
	return nil
}

// goNavigate runs a navigation from another goroutine and waits for its outcome.
func (h *Host) goNavigate(ctx context.Context, kind, url string, delta int) error {
	var reason string
	if err := h.Do(ctx, func() { _, reason = h.navigate(kind, url, delta, nil) }); err != nil {
		return err
	}
	if reason != "" {
		return &NavigationError{ErrMsg: kind + ":fail " + reason}
	}
	return nil
}

// NavigateTo opens url on top of the current page, as wx.navigateTo does. It waits until
// the new page has loaded and shown; a failure is a *NavigationError. Any goroutine,
// while Run executes.
func (h *Host) NavigateTo(ctx context.Context, url string) error {
	return h.goNavigate(ctx, navigateTo, url, 1)
}

// RedirectTo replaces the current page with url, as wx.redirectTo does.
func (h *Host) RedirectTo(ctx context.Context, url string) error {
	return h.goNavigate(ctx, redirectTo, url, 1)
}

// NavigateBack closes delta pages (at least one), as wx.navigateBack does.
func (h *Host) NavigateBack(ctx context.Context, delta int) error {
	return h.goNavigate(ctx, navigateBack, "", max(delta, 1))
}

// ReLaunch closes every page and opens url, as wx.reLaunch does.
func (h *Host) ReLaunch(ctx context.Context, url string) error {
	return h.goNavigate(ctx, reLaunch, url, 1)
}

// SwitchTab shows the tab page url, closing the other pages, as wx.switchTab does.
func (h *Host) SwitchTab(ctx context.Context, url string) error {
	return h.goNavigate(ctx, switchTab, url, 1)
}
