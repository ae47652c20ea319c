# kolokasi firewall and NAT (RouterOS) for stack dev: 0 server(s).
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
add action=jump chain=srcnat comment="kolokasi: servers leave with their public address" jump-target=kolokasi-srcnat
add action=masquerade chain=kolokasi-srcnat comment="kolokasi: hairpin from a LAN host without public address" dst-address=10.20.30.0/24 out-interface=eth1 src-address=10.20.30.0/24

/ip firewall filter
add action=jump chain=forward comment="kolokasi: to the colocation LAN" dst-address=10.20.30.0/24 jump-target=kolokasi-forward out-interface=eth1
add action=accept chain=kolokasi-forward comment="kolokasi: answers" connection-state=established,related
add action=drop chain=kolokasi-forward comment="kolokasi: invalid" connection-state=invalid
add action=drop chain=kolokasi-forward comment="kolokasi: everything else to the colocation LAN"

/ipv6 firewall filter
add action=jump chain=forward comment="kolokasi: to the colocation LAN" dst-address=2001:db8:7a::/64 jump-target=kolokasi-forward out-interface=eth1
add action=accept chain=kolokasi-forward comment="kolokasi: answers" connection-state=established,related
add action=drop chain=kolokasi-forward comment="kolokasi: invalid" connection-state=invalid
add action=drop chain=kolokasi-forward comment="kolokasi: everything else to the colocation LAN"
