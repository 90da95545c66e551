package wxapi

import (
	"net"
	"net/url"
	"strings"

	"golang.org/x/net/idna"
)

// forbiddenDomains can never be configured as a socket domain.
var forbiddenDomains = map[string]bool{"api.weixin.qq.com": true}

// urlAllowed applies the device rules of spec §2 to a socket URL: wss only; the host must
// be in the allow-list (domains only: no IP, no localhost), except that since base library
// 2.4.0 a LAN IP of another device is allowed without listing, while the device's own IP
// and localhost are not. Any port is allowed (the current wss rule). It returns whether the
// URL may connect and, if not, why (for messages).
func (a *API) urlAllowed(u *url.URL) (bool, string) {
	if !strings.EqualFold(u.Scheme, "wss") {
		return false, "only wss:// is allowed"
	}
	if u.User != nil {
		return false, "credentials in the URL"
	}
	// Compare hosts in their ASCII form, so an IDN host matches its punycode entry and
	// look-alike Unicode cannot pass for a listed domain.
	host, err := idna.Lookup.ToASCII(strings.TrimSuffix(u.Hostname(), "."))
	if err != nil || host == "" {
		return false, "invalid host"
	}
	host = strings.ToLower(host)
	if ip := net.ParseIP(host); ip != nil {
		if a.cfg.allowLAN && isLANAddress(ip) && !isOwnAddress(ip) {
			return true, ""
		}
		return false, "IP addresses are not allowed"
	}
	if host == "localhost" || strings.HasSuffix(host, ".localhost") {
		return false, "localhost is not allowed"
	}
	if forbiddenDomains[host] {
		return false, "domain is forbidden"
	}
	for _, d := range a.cfg.allowedDomains {
		entry, err := idna.Lookup.ToASCII(strings.TrimSuffix(d, "."))
		if err == nil && strings.EqualFold(entry, host) {
			return true, ""
		}
	}
	return false, "not in the domain list"
}

// isLANAddress reports a private-network address (RFC 1918, RFC 4193, link-local).
func isLANAddress(ip net.IP) bool {
	return ip.IsPrivate() || ip.IsLinkLocalUnicast()
}

// isOwnAddress reports an address of this machine (loopback or an interface address).
func isOwnAddress(ip net.IP) bool {
	if ip.IsLoopback() || ip.IsUnspecified() {
		return true
	}
	addrs, err := net.InterfaceAddrs()
	if err != nil {
		return false
	}
	for _, addr := range addrs {
		if n, ok := addr.(*net.IPNet); ok && n.IP.Equal(ip) {
			return true
		}
	}
	return false
}
