# kolokasi firewall and NAT (RouterOS) for stack dev: 3 server(s).
# Generated from requests/ and the allocation ledger; change the requests, not this file.
# Dibuat oleh kolokasi dari requests/ dan buku alokasi; ubah permohonannya, bukan berkas ini.
# Load / muat: /import file-name=kolokasi.rsc  (replaces only entries whose comment starts with "kolokasi:"; safe to run again)
# WAN eth0, LAN eth1, colocation LAN 10.20.30.0/24, IPv6 2001:db8:7a::/64.
# Intranet (access: intranet): 10.10.0.0/16 10.11.0.0/16.
# Remove what an earlier import added, then add the current entries.
/ip firewall nat remove [find where comment~"^kolokasi:"]
/ip firewall filter remove [find where comment~"^kolokasi:"]
/ipv6 firewall filter remove [find where comment~"^kolokasi:"]

/ip firewall nat
add action=dst-nat chain=kolokasi-dstnat comment="kolokasi: dinkes/whole-range web" dst-address=203.0.113.12 dst-port=443 protocol=tcp to-addresses=10.20.30.12
add action=dst-nat chain=kolokasi-dstnat comment="kolokasi: dinkes/whole-range everything" dst-address=203.0.113.12 dst-port=1-65535 protocol=udp to-addresses=10.20.30.12
add action=dst-nat chain=kolokasi-dstnat comment="kolokasi: dkisp/ranges dns-tcp" dst-address=203.0.113.10 dst-port=53 protocol=tcp to-addresses=10.20.30.10
add action=dst-nat chain=kolokasi-dstnat comment="kolokasi: dkisp/ranges loket,status" dst-address=203.0.113.10 dst-port=8080-8089 protocol=tcp to-addresses=10.20.30.10
add action=dst-nat chain=kolokasi-dstnat comment="kolokasi: dkisp/ranges admin" dst-address=203.0.113.10 dst-port=9000 protocol=tcp to-addresses=10.20.30.10
add action=dst-nat chain=kolokasi-dstnat comment="kolokasi: dkisp/ranges dns" dst-address=203.0.113.10 dst-port=53 protocol=udp to-addresses=10.20.30.10
add action=dst-nat chain=kolokasi-dstnat comment="kolokasi: dkisp/ranges media-a,media-b" dst-address=203.0.113.10 dst-port=10000-10199 protocol=udp to-addresses=10.20.30.10
add action=dst-nat chain=kolokasi-dstnat comment="kolokasi: dkisp/v6only-sources https" dst-address=203.0.113.11 dst-port=443 protocol=tcp to-addresses=10.20.30.11
add action=src-nat chain=kolokasi-srcnat comment="kolokasi: dinkes/whole-range 1:1" out-interface=eth0 src-address=10.20.30.12 to-addresses=203.0.113.12
add action=src-nat chain=kolokasi-srcnat comment="kolokasi: dkisp/ranges 1:1" out-interface=eth0 src-address=10.20.30.10 to-addresses=203.0.113.10
add action=src-nat chain=kolokasi-srcnat comment="kolokasi: dkisp/v6only-sources 1:1" out-interface=eth0 src-address=10.20.30.11 to-addresses=203.0.113.11
add action=src-nat chain=kolokasi-srcnat comment="kolokasi: dinkes/whole-range 1:1" dst-address=10.20.30.0/24 out-interface=eth1 src-address=10.20.30.12 to-addresses=203.0.113.12
add action=src-nat chain=kolokasi-srcnat comment="kolokasi: dkisp/ranges 1:1" dst-address=10.20.30.0/24 out-interface=eth1 src-address=10.20.30.10 to-addresses=203.0.113.10
add action=src-nat chain=kolokasi-srcnat comment="kolokasi: dkisp/v6only-sources 1:1" dst-address=10.20.30.0/24 out-interface=eth1 src-address=10.20.30.11 to-addresses=203.0.113.11
add action=masquerade chain=kolokasi-srcnat comment="kolokasi: hairpin from a LAN host without public address" dst-address=10.20.30.0/24 out-interface=eth1 src-address=10.20.30.0/24
add action=jump chain=dstnat comment="kolokasi: declared services to their servers" jump-target=kolokasi-dstnat place-before=0
add action=jump chain=srcnat comment="kolokasi: servers leave with their public address" jump-target=kolokasi-srcnat place-before=0

/ip firewall filter
add action=return chain=kolokasi-guard comment="kolokasi: an own address of the router" dst-address=198.51.100.1
add action=return chain=kolokasi-guard comment="kolokasi: an own address of the router" dst-address=203.0.113.1
add action=return chain=kolokasi-guard comment="kolokasi: an own address of the router" dst-address=203.0.113.2
add action=return chain=kolokasi-guard comment="kolokasi: an own address of the router" dst-address=203.0.113.3
add action=drop chain=kolokasi-guard comment="kolokasi: public pool: allocated, quarantined or free" dst-address=198.51.100.0/28
add action=drop chain=kolokasi-guard comment="kolokasi: public pool: allocated, quarantined or free" dst-address=203.0.113.0/26
add action=accept chain=kolokasi-forward comment="kolokasi: answers" connection-state=established,related
add action=drop chain=kolokasi-forward comment="kolokasi: invalid" connection-state=invalid
add action=accept chain=kolokasi-forward comment="kolokasi: dinkes/whole-range web" dst-address=10.20.30.12 dst-port=443 protocol=tcp
add action=accept chain=kolokasi-forward comment="kolokasi: dinkes/whole-range everything" dst-address=10.20.30.12 dst-port=1-65535 protocol=udp src-address=10.10.0.0/16
add action=accept chain=kolokasi-forward comment="kolokasi: dkisp/ranges dns-tcp" dst-address=10.20.30.10 dst-port=53 protocol=tcp
add action=accept chain=kolokasi-forward comment="kolokasi: dkisp/ranges loket" dst-address=10.20.30.10 dst-port=8080-8084 protocol=tcp src-address=10.10.0.0/16
add action=accept chain=kolokasi-forward comment="kolokasi: dkisp/ranges loket" dst-address=10.20.30.10 dst-port=8080-8084 protocol=tcp src-address=10.11.0.0/16
add action=accept chain=kolokasi-forward comment="kolokasi: dkisp/ranges loket,status" dst-address=10.20.30.10 dst-port=8085 protocol=tcp
add action=accept chain=kolokasi-forward comment="kolokasi: dkisp/ranges loket" dst-address=10.20.30.10 dst-port=8086-8089 protocol=tcp src-address=10.10.0.0/16
add action=accept chain=kolokasi-forward comment="kolokasi: dkisp/ranges loket" dst-address=10.20.30.10 dst-port=8086-8089 protocol=tcp src-address=10.11.0.0/16
add action=accept chain=kolokasi-forward comment="kolokasi: dkisp/ranges admin" dst-address=10.20.30.10 dst-port=9000 protocol=tcp src-address=10.0.0.0/8
add action=accept chain=kolokasi-forward comment="kolokasi: dkisp/ranges dns" dst-address=10.20.30.10 dst-port=53 protocol=udp
add action=accept chain=kolokasi-forward comment="kolokasi: dkisp/ranges media-a" dst-address=10.20.30.10 dst-port=10000-10099 protocol=udp
add action=accept chain=kolokasi-forward comment="kolokasi: dkisp/ranges media-b" dst-address=10.20.30.10 dst-port=10100-10199 protocol=udp
add action=accept chain=kolokasi-forward comment="kolokasi: dkisp/v6only-sources https" dst-address=10.20.30.11 dst-port=443 protocol=tcp
add action=drop chain=kolokasi-forward comment="kolokasi: everything else to the colocation LAN"
add action=jump chain=input comment="kolokasi: public pool addresses are not for the router" jump-target=kolokasi-guard place-before=0
add action=jump chain=forward comment="kolokasi: untranslated packets to the public pools" jump-target=kolokasi-guard place-before=0
add action=jump chain=forward comment="kolokasi: to the colocation LAN" dst-address=10.20.30.0/24 jump-target=kolokasi-forward out-interface=eth1 place-before=0

/ipv6 firewall filter
add action=return chain=kolokasi-guard comment="kolokasi: an own address of the router" dst-address=2001:db8:7a::1
add action=drop chain=kolokasi-guard comment="kolokasi: public pool: allocated, quarantined or free" dst-address=2001:db8:7a::/64
add action=accept chain=kolokasi-forward comment="kolokasi: answers" connection-state=established,related
add action=drop chain=kolokasi-forward comment="kolokasi: invalid" connection-state=invalid
add action=accept chain=kolokasi-forward comment="kolokasi: dkisp/ranges dns-tcp" dst-address=2001:db8:7a::10/128 dst-port=53 protocol=tcp
add action=accept chain=kolokasi-forward comment="kolokasi: dkisp/ranges status" dst-address=2001:db8:7a::10/128 dst-port=8085 protocol=tcp
add action=accept chain=kolokasi-forward comment="kolokasi: dkisp/ranges admin,admin-v6" dst-address=2001:db8:7a::10/128 dst-port=9000 protocol=tcp
add action=accept chain=kolokasi-forward comment="kolokasi: dkisp/ranges dns" dst-address=2001:db8:7a::10/128 dst-port=53 protocol=udp
add action=accept chain=kolokasi-forward comment="kolokasi: dkisp/ranges media-a" dst-address=2001:db8:7a::10/128 dst-port=10000-10099 protocol=udp
add action=accept chain=kolokasi-forward comment="kolokasi: dkisp/ranges media-b" dst-address=2001:db8:7a::10/128 dst-port=10100-10199 protocol=udp
add action=drop chain=kolokasi-forward comment="kolokasi: everything else to the colocation LAN"
add action=jump chain=input comment="kolokasi: public pool addresses are not for the router" jump-target=kolokasi-guard place-before=0
add action=jump chain=forward comment="kolokasi: to the colocation LAN" dst-address=2001:db8:7a::/64 jump-target=kolokasi-forward out-interface=eth1 place-before=0
