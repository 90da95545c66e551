package apphost

import (
	"fmt"
	"path"
	"strings"

	"github.com/wxrun/wxrun/wxapi"
)

// project is what the host uses of app.json: the routes of the pages, their packages and
// which pages are tabs.
type project struct {
	src      *wxapi.Project
	main     []*route          // the main package's pages, in app.json's order
	routes   map[string]*route // every page, subpackages' included, by route
	packages []*subpackage
	entry    string // entryPagePath, else the first page
	lazy     bool   // lazyCodeLoading "requiredComponents": page files load on first use
	// dir is the folder of the mini program root in the runtime's file tree, "" when the
	// runtime reads the mini program root itself (InstallProject with a folder: a test
	// runner reading the project folder above a miniprogramRoot). Module names start with
	// dir + "/"; routes and subpackage roots do not.
	dir string
}

// route is one page route of app.json.
type route struct {
	path string      // "pages/index/index", "packageA/pages/cat/cat"
	pkg  *subpackage // nil for the main package
	tab  bool        // listed in tabBar.list
}

// subpackage is one entry of app.json's subPackages.
type subpackage struct {
	root        string
	independent bool
	routes      []*route
	loaded      bool // its page files have been evaluated (the package was "downloaded")
}

// newProject checks app.json's pages and builds the route table. Like the DevTools, it
// refuses an app.json without pages, a tabBar page or entryPagePath that is not a page,
// and a page listed twice.
func newProject(p *wxapi.Project) (*project, error) {
	appJSON := displayPath(p, wxapi.AppConfigFile)
	bad := func(format string, args ...any) error {
		return &wxapi.ConfigError{File: appJSON, Err: fmt.Errorf(format, args...)}
	}
	if len(p.Pages) == 0 {
		return nil, bad(`"pages" lists no page: a project needs at least one (such as "pages/index/index")`)
	}
	proj := &project{src: p, routes: map[string]*route{}, lazy: p.LazyCodeLoading == "requiredComponents"}
	add := func(r *route) error {
		if r.path == "" {
			return bad("a page route is empty")
		}
		if _, dup := proj.routes[r.path]; dup {
			return bad("page %q is listed twice", r.path)
		}
		proj.routes[r.path] = r
		return nil
	}
	for _, pg := range p.Pages {
		r := &route{path: trimSlashes(pg)}
		if err := add(r); err != nil {
			return nil, err
		}
		proj.main = append(proj.main, r)
	}
	for _, sp := range p.SubPackages {
		root := trimSlashes(sp.Root)
		if root == "" {
			return nil, bad("a subpackage has no root")
		}
		pkg := &subpackage{root: root, independent: sp.Independent}
		for _, pg := range sp.Pages {
			r := &route{path: root + "/" + trimSlashes(pg), pkg: pkg}
			if err := add(r); err != nil {
				return nil, err
			}
			pkg.routes = append(pkg.routes, r)
		}
		proj.packages = append(proj.packages, pkg)
	}
	for _, t := range p.TabBar {
		r, ok := proj.routes[trimSlashes(t)]
		if !ok {
			return nil, bad("tabBar page %q is not listed in pages", t)
		}
		r.tab = true
	}
	proj.entry = proj.main[0].path
	if p.EntryPagePath != "" {
		e := trimSlashes(p.EntryPagePath)
		if _, ok := proj.routes[e]; !ok {
			return nil, bad("entryPagePath %q is not listed in pages", p.EntryPagePath)
		}
		proj.entry = e
	}
	return proj, nil
}

// module returns the name the runtime knows the file of a route (or "app") by.
func (p *project) module(route string) string {
	if p.dir == "" {
		return route
	}
	return p.dir + "/" + route
}

// inRoot returns module's name relative to the mini program root, and whether it is
// inside it.
func (p *project) inRoot(module string) (string, bool) {
	if p.dir == "" {
		return module, true
	}
	return strings.CutPrefix(module, p.dir+"/")
}

// packageOf returns the subpackage a module (a root-relative file name) belongs to, nil
// for the main package.
func (p *project) packageOf(module string) *subpackage {
	for _, pkg := range p.packages {
		if strings.HasPrefix(module, pkg.root+"/") {
			return pkg
		}
	}
	return nil
}

// errCrossPackage is WeChat's text, typo included, for a synchronous require of a file
// in another subpackage.
const errCrossPackage = "should not require %s in %s without a callback, because they are in diffrent subPackages"

// checkRequire applies WeChat's rules for requiring across packages (subpackages and
// "分包异步化"): a subpackage may require the main package; a file of another subpackage
// — from the main package or a subpackage — only asynchronously (require.async, or
// require with a callback); an independent subpackage, which runs without the main
// package, may not use the main package at all.
func (p *project) checkRequire(from, request, module string, async bool) error {
	from, fromIn := p.inRoot(from)
	module, toIn := p.inRoot(module)
	if !fromIn || !toIn {
		return nil // a file that is not the program's, such as a test, follows no package rule
	}
	fromPkg, toPkg := p.packageOf(from), p.packageOf(module)
	switch {
	case fromPkg == toPkg:
		return nil
	case toPkg == nil && fromPkg.independent:
		return fmt.Errorf("should not require %s in %s, because %q is an independent subpackage, which cannot use the main package", request, from, fromPkg.root)
	case toPkg == nil:
		return nil
	case !async:
		return fmt.Errorf(errCrossPackage, request, from)
	}
	return nil
}

// query is a page's query in the order written, values as written.
type query [][2]string

// parseURL splits a page URL ("pages/a/a?x=1&y") into its route, resolved against the
// directory of base (the current page's route) unless it starts with "/", and its query.
// Values are not URL-decoded, as in WeChat: onLoad receives them as they were written.
func parseURL(url, base string) (string, query) {
	p, raw, _ := strings.Cut(url, "?")
	if strings.HasPrefix(p, "/") || base == "" {
		p = trimSlashes(p)
	} else {
		p = trimSlashes(path.Join(path.Dir(base), p))
	}
	var q query
	if raw != "" {
		for _, pair := range strings.Split(raw, "&") {
			if pair == "" {
				continue
			}
			k, v, _ := strings.Cut(pair, "=")
			q = q.set(k, v)
		}
	}
	return p, q
}

// set sets k to v, in place of an earlier value (the last one wins).
func (q query) set(k, v string) query {
	for i := range q {
		if q[i][0] == k {
			q[i][1] = v
			return q
		}
	}
	return append(q, [2]string{k, v})
}

func (q query) toMap() map[string]string {
	m := make(map[string]string, len(q))
	for _, kv := range q {
		m[kv[0]] = kv[1]
	}
	return m
}
