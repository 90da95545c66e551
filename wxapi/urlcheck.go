package wxapi

import (
	"net"
	"net/netip"
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
	for _, d := range a.cfg.allowedDomains {
		entry, err := idna.Lookup.ToASCII(strings.TrimSuffix(d, "."))
		if err == nil && strings.EqualFold(entry, host) {
			return true, ""
		}
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
