package wxapi

import (
	"net"
	"net/netip"
	"net/url"
	"strings"

	"golang.org/x/net/idna"
)

// forbiddenDomains can never be configured as a server domain.
var forbiddenDomains = map[string]bool{"api.weixin.qq.com": true}

// domainList is one of WeChat's server-domain lists ("服务器域名"): the hosts an API family
// may reach when URL checking is on, and the scheme and port rules of that list. The rules
// are the same for every family except where a domainList says otherwise, so they live in
// one place, urlAllowed.
type domainList struct {
	name    string // the list's name in the DevTools' message: "socket", "request"
	scheme  string // the one scheme allowed when checking: "wss", "https"
	anyPort bool   // wss: any port; https: exactly the entry's port, or none at all
	flag    string // the wxrun flag that adds to the list, for the rejection message
	domains []string
}

// socketDomains is the "socket合法域名" list: wss only, any port (the current wss rule).
func (a *API) socketDomains() domainList {
	return domainList{name: "socket", scheme: "wss", anyPort: true, flag: "--allow-domain", domains: a.cfg.allowedDomains}
}

// requestDomains is the "request合法域名" list: https only; an entry with a port allows
// exactly that port, one without allows no explicit port at all, not even :443 (the
// network guide's https rule).
func (a *API) requestDomains() domainList {
	return domainList{name: "request", scheme: "https", flag: "--allow-request-domain", domains: a.cfg.requestDomains}
}

// downloadDomains is the "downloadFile合法域名" list, with the request list's rules.
func (a *API) downloadDomains() domainList {
	return domainList{name: "downloadFile", scheme: "https", flag: "--allow-download-domain", domains: a.cfg.downloadDomains}
}

// uploadDomains is the "uploadFile合法域名" list, with the request list's rules.
func (a *API) uploadDomains() domainList {
	return domainList{name: "uploadFile", scheme: "https", flag: "--allow-upload-domain", domains: a.cfg.uploadDomains}
}

// urlAllowed applies the device rules of spec §2 to a URL for the domain list l: l's
// scheme only; the host must be in l (domains only: no IP, no localhost), except that
// since base library 2.4.0 a LAN IP of another device is allowed without listing, while the
// device's own IP and localhost are not. Ports follow l's rule. It returns whether the URL
// may connect and, if not, why (for messages).
func (a *API) urlAllowed(u *url.URL, l domainList) (bool, string) {
	if !strings.EqualFold(u.Scheme, l.scheme) {
		return false, "only " + l.scheme + ":// is allowed"
	}
	if u.User != nil {
		return false, "credentials in the URL"
	}
	// An IP literal, IPv6 included, is checked as the address the dialer will use.
	if ip, err := netip.ParseAddr(u.Hostname()); err == nil {
		ip = ip.Unmap()
		if a.cfg.allowLAN && ip.Zone() == "" && isLANAddress(ip) && !isOwnAddress(ip) {
			return true, ""
		}
		return false, "IP addresses are not allowed"
	}
	// Compare hosts in their ASCII form, so an IDN host matches its punycode entry and
	// look-alike Unicode cannot pass for a listed domain.
	host, err := idna.Lookup.ToASCII(strings.TrimSuffix(u.Hostname(), "."))
	if err != nil || host == "" {
		return false, "invalid host"
	}
	host = strings.ToLower(host)
	if _, err := netip.ParseAddr(host); err == nil {
		// A name that maps to an address ("１０.０.０.１"): the dialer would look the name
		// itself up, so whatever the check decided would not be what connects.
		return false, "invalid host"
	}
	if host == "localhost" || strings.HasSuffix(host, ".localhost") {
		return false, "localhost is not allowed"
	}
	if forbiddenDomains[host] {
		return false, "domain is forbidden"
	}
	for _, d := range l.domains {
		entryHost, entryPort := d, ""
		if h, p, err := net.SplitHostPort(d); err == nil {
			entryHost, entryPort = h, p
		}
		entry, err := idna.Lookup.ToASCII(strings.TrimSuffix(entryHost, "."))
		if err != nil || !strings.EqualFold(entry, host) {
			continue
		}
		if l.anyPort || u.Port() == entryPort {
			return true, ""
		}
		return false, "the port is not the listed one"
	}
	return false, "not in the domain list"
}

// isLANAddress reports a private-network address (RFC 1918, RFC 4193, link-local).
func isLANAddress(ip netip.Addr) bool {
	return ip.IsPrivate() || ip.IsLinkLocalUnicast()
}

// isOwnAddress reports an address of this machine (loopback or an interface address).
func isOwnAddress(ip netip.Addr) bool {
	if ip.IsLoopback() || ip.IsUnspecified() {
		return true
	}
	addrs, err := net.InterfaceAddrs()
	if err != nil {
		return false
	}
	for _, addr := range addrs {
		if n, ok := addr.(*net.IPNet); ok {
			if own, ok := netip.AddrFromSlice(n.IP); ok && own.Unmap() == ip {
				return true
			}
		}
	}
	return false
}
