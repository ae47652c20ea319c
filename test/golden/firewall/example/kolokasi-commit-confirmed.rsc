# kolokasi firewall and NAT (RouterOS), with a scheduled rollback for stack dev: 7 server(s).
# Generated from requests/ and the allocation ledger; change the requests, not this file.
# Dibuat oleh kolokasi dari requests/ dan buku alokasi; ubah permohonannya, bukan berkas ini.
# Load / muat: /import file-name=kolokasi-commit-confirmed.rsc, check the gateway, then confirm within 5m: /system scheduler remove [find where name="kolokasi-rollback"]
# WAN eth0, LAN eth1, colocation LAN 10.20.30.0/24, IPv6 2001:db8:7a::/64.
# Intranet (access: intranet): 10.10.0.0/16 10.11.0.0/16.
# Without the confirmation the previous kolokasi entries come back by themselves after 5m;
# tanpa konfirmasi, entri kolokasi sebelumnya kembali dengan sendirinya.
# 1. Arm the rollback first. While an earlier change waits for its confirmation this line fails
#    (scheduler names are unique) and the import stops before it changes anything.
/system scheduler add comment="kolokasi: rollback unless confirmed" interval=5m name=kolokasi-rollback on-event="/ip firewall nat remove [find where comment~\"^kolokasi:\" disabled=no]; /ip firewall filter remove [find where comment~\"^kolokasi:\" disabled=no]; /ipv6 firewall filter remove [find where comment~\"^kolokasi:\" disabled=no]; /ip firewall nat enable [find where comment~\"^kolokasi:\"]; /ip firewall filter enable [find where comment~\"^kolokasi:\"]; /ipv6 firewall filter enable [find where comment~\"^kolokasi:\"]; /system scheduler remove [find where name=\"kolokasi-rollback\"]"
# 2. Entries an earlier, confirmed change kept switched off are not needed any more.
/ip firewall nat remove [find where comment~"^kolokasi:" disabled=yes]
/ip firewall filter remove [find where comment~"^kolokasi:" disabled=yes]
/ipv6 firewall filter remove [find where comment~"^kolokasi:" disabled=yes]
# 3. Keep the running entries, switched off, for the rollback; then add the current ones.
/ip firewall nat disable [find where comment~"^kolokasi:"]
/ip firewall filter disable [find where comment~"^kolokasi:"]
/ipv6 firewall filter disable [find where comment~"^kolokasi:"]

/ip firewall nat
add action=dst-nat chain=kolokasi-dstnat comment="kolokasi: bapenda/esppt http" dst-address=203.0.113.4 dst-port=80 protocol=tcp to-addresses=10.20.30.4
add action=dst-nat chain=kolokasi-dstnat comment="kolokasi: bapenda/esppt https" dst-address=203.0.113.4 dst-port=443 protocol=tcp to-addresses=10.20.30.4
add action=dst-nat chain=kolokasi-dstnat comment="kolokasi: bkpsdm/absensi https" dst-address=203.0.113.20 dst-port=443 protocol=tcp to-addresses=10.20.30.20
add action=dst-nat chain=kolokasi-dstnat comment="kolokasi: bkpsdm/absensi fingerprint-sync" dst-address=203.0.113.20 dst-port=4370 protocol=udp to-addresses=10.20.30.20
add action=dst-nat chain=kolokasi-dstnat comment="kolokasi: bkpsdm/simpeg ssh" dst-address=203.0.113.5 dst-port=22 protocol=tcp to-addresses=10.20.30.5
add action=dst-nat chain=kolokasi-dstnat comment="kolokasi: bkpsdm/simpeg http" dst-address=203.0.113.5 dst-port=80 protocol=tcp to-addresses=10.20.30.5
add action=dst-nat chain=kolokasi-dstnat comment="kolokasi: bkpsdm/simpeg https" dst-address=203.0.113.5 dst-port=443 protocol=tcp to-addresses=10.20.30.5
add action=dst-nat chain=kolokasi-dstnat comment="kolokasi: dinkes/sik https" dst-address=203.0.113.6 dst-port=443 protocol=tcp to-addresses=10.20.30.6
add action=dst-nat chain=kolokasi-dstnat comment="kolokasi: dinkes/sik postgres" dst-address=203.0.113.6 dst-port=5432 protocol=tcp to-addresses=10.20.30.6
add action=dst-nat chain=kolokasi-dstnat comment="kolokasi: disdukcapil/sipadu https" dst-address=203.0.113.7 dst-port=443 protocol=tcp to-addresses=10.20.30.7
add action=dst-nat chain=kolokasi-dstnat comment="kolokasi: disdukcapil/sipadu loket" dst-address=203.0.113.7 dst-port=8080-8089 protocol=tcp to-addresses=10.20.30.7
add action=dst-nat chain=kolokasi-dstnat comment="kolokasi: dkisp/monitoring web" dst-address=203.0.113.8 dst-port=443 protocol=tcp to-addresses=10.20.30.8
add action=dst-nat chain=kolokasi-dstnat comment="kolokasi: dkisp/monitoring snmp-trap" dst-address=203.0.113.8 dst-port=162 protocol=udp to-addresses=10.20.30.8
add action=dst-nat chain=kolokasi-dstnat comment="kolokasi: dkisp/satudata https" dst-address=203.0.113.9 dst-port=443 protocol=tcp to-addresses=10.20.30.9
add action=src-nat chain=kolokasi-srcnat comment="kolokasi: bapenda/esppt 1:1" out-interface=eth0 src-address=10.20.30.4 to-addresses=203.0.113.4
add action=src-nat chain=kolokasi-srcnat comment="kolokasi: bkpsdm/absensi 1:1" out-interface=eth0 src-address=10.20.30.20 to-addresses=203.0.113.20
add action=src-nat chain=kolokasi-srcnat comment="kolokasi: bkpsdm/simpeg 1:1" out-interface=eth0 src-address=10.20.30.5 to-addresses=203.0.113.5
add action=src-nat chain=kolokasi-srcnat comment="kolokasi: dinkes/sik 1:1" out-interface=eth0 src-address=10.20.30.6 to-addresses=203.0.113.6
add action=src-nat chain=kolokasi-srcnat comment="kolokasi: disdukcapil/sipadu 1:1" out-interface=eth0 src-address=10.20.30.7 to-addresses=203.0.113.7
add action=src-nat chain=kolokasi-srcnat comment="kolokasi: dkisp/monitoring 1:1" out-interface=eth0 src-address=10.20.30.8 to-addresses=203.0.113.8
add action=src-nat chain=kolokasi-srcnat comment="kolokasi: dkisp/satudata 1:1" out-interface=eth0 src-address=10.20.30.9 to-addresses=203.0.113.9
add action=src-nat chain=kolokasi-srcnat comment="kolokasi: bapenda/esppt 1:1" dst-address=10.20.30.0/24 out-interface=eth1 src-address=10.20.30.4 to-addresses=203.0.113.4
add action=src-nat chain=kolokasi-srcnat comment="kolokasi: bkpsdm/absensi 1:1" dst-address=10.20.30.0/24 out-interface=eth1 src-address=10.20.30.20 to-addresses=203.0.113.20
add action=src-nat chain=kolokasi-srcnat comment="kolokasi: bkpsdm/simpeg 1:1" dst-address=10.20.30.0/24 out-interface=eth1 src-address=10.20.30.5 to-addresses=203.0.113.5
add action=src-nat chain=kolokasi-srcnat comment="kolokasi: dinkes/sik 1:1" dst-address=10.20.30.0/24 out-interface=eth1 src-address=10.20.30.6 to-addresses=203.0.113.6
add action=src-nat chain=kolokasi-srcnat comment="kolokasi: disdukcapil/sipadu 1:1" dst-address=10.20.30.0/24 out-interface=eth1 src-address=10.20.30.7 to-addresses=203.0.113.7
add action=src-nat chain=kolokasi-srcnat comment="kolokasi: dkisp/monitoring 1:1" dst-address=10.20.30.0/24 out-interface=eth1 src-address=10.20.30.8 to-addresses=203.0.113.8
add action=src-nat chain=kolokasi-srcnat comment="kolokasi: dkisp/satudata 1:1" dst-address=10.20.30.0/24 out-interface=eth1 src-address=10.20.30.9 to-addresses=203.0.113.9
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
add action=accept chain=kolokasi-forward comment="kolokasi: bapenda/esppt http" dst-address=10.20.30.4 dst-port=80 protocol=tcp
add action=accept chain=kolokasi-forward comment="kolokasi: bapenda/esppt https" dst-address=10.20.30.4 dst-port=443 protocol=tcp
add action=accept chain=kolokasi-forward comment="kolokasi: bkpsdm/absensi https" dst-address=10.20.30.20 dst-port=443 protocol=tcp
add action=accept chain=kolokasi-forward comment="kolokasi: bkpsdm/absensi fingerprint-sync" dst-address=10.20.30.20 dst-port=4370 protocol=udp src-address=10.10.0.0/16
add action=accept chain=kolokasi-forward comment="kolokasi: bkpsdm/absensi fingerprint-sync" dst-address=10.20.30.20 dst-port=4370 protocol=udp src-address=10.11.0.0/16
add action=accept chain=kolokasi-forward comment="kolokasi: bkpsdm/simpeg ssh" dst-address=10.20.30.5 dst-port=22 protocol=tcp src-address=10.10.0.0/16
add action=accept chain=kolokasi-forward comment="kolokasi: bkpsdm/simpeg http" dst-address=10.20.30.5 dst-port=80 protocol=tcp
add action=accept chain=kolokasi-forward comment="kolokasi: bkpsdm/simpeg https" dst-address=10.20.30.5 dst-port=443 protocol=tcp
add action=accept chain=kolokasi-forward comment="kolokasi: dinkes/sik https" dst-address=10.20.30.6 dst-port=443 protocol=tcp
add action=accept chain=kolokasi-forward comment="kolokasi: dinkes/sik postgres" dst-address=10.20.30.6 dst-port=5432 protocol=tcp src-address=10.10.0.0/16
add action=accept chain=kolokasi-forward comment="kolokasi: dinkes/sik postgres" dst-address=10.20.30.6 dst-port=5432 protocol=tcp src-address=10.11.0.0/16
add action=accept chain=kolokasi-forward comment="kolokasi: disdukcapil/sipadu https" dst-address=10.20.30.7 dst-port=443 protocol=tcp
add action=accept chain=kolokasi-forward comment="kolokasi: disdukcapil/sipadu loket" dst-address=10.20.30.7 dst-port=8080-8089 protocol=tcp src-address=10.10.0.0/16
add action=accept chain=kolokasi-forward comment="kolokasi: disdukcapil/sipadu loket" dst-address=10.20.30.7 dst-port=8080-8089 protocol=tcp src-address=10.11.0.0/16
add action=accept chain=kolokasi-forward comment="kolokasi: dkisp/monitoring web" dst-address=10.20.30.8 dst-port=443 protocol=tcp src-address=10.10.0.0/16
add action=accept chain=kolokasi-forward comment="kolokasi: dkisp/monitoring web" dst-address=10.20.30.8 dst-port=443 protocol=tcp src-address=10.11.0.0/16
add action=accept chain=kolokasi-forward comment="kolokasi: dkisp/monitoring snmp-trap" dst-address=10.20.30.8 dst-port=162 protocol=udp src-address=10.10.0.0/16
add action=accept chain=kolokasi-forward comment="kolokasi: dkisp/monitoring snmp-trap" dst-address=10.20.30.8 dst-port=162 protocol=udp src-address=10.11.0.0/16
add action=accept chain=kolokasi-forward comment="kolokasi: dkisp/satudata https" dst-address=10.20.30.9 dst-port=443 protocol=tcp
add action=drop chain=kolokasi-forward comment="kolokasi: everything else to the colocation LAN"
add action=jump chain=input comment="kolokasi: public pool addresses are not for the router" jump-target=kolokasi-guard place-before=0
add action=jump chain=forward comment="kolokasi: untranslated packets to the public pools" jump-target=kolokasi-guard place-before=0
add action=jump chain=forward comment="kolokasi: to the colocation LAN" dst-address=10.20.30.0/24 jump-target=kolokasi-forward out-interface=eth1 place-before=0

/ipv6 firewall filter
add action=return chain=kolokasi-guard comment="kolokasi: an own address of the router" dst-address=2001:db8:7a::1
add action=drop chain=kolokasi-guard comment="kolokasi: public pool: allocated, quarantined or free" dst-address=2001:db8:7a::/64
add action=accept chain=kolokasi-forward comment="kolokasi: answers" connection-state=established,related
add action=drop chain=kolokasi-forward comment="kolokasi: invalid" connection-state=invalid
add action=accept chain=kolokasi-forward comment="kolokasi: bkpsdm/simpeg http" dst-address=2001:db8:7a::2/128 dst-port=80 protocol=tcp
add action=accept chain=kolokasi-forward comment="kolokasi: bkpsdm/simpeg https" dst-address=2001:db8:7a::2/128 dst-port=443 protocol=tcp
add action=accept chain=kolokasi-forward comment="kolokasi: dinkes/sik https" dst-address=2001:db8:7a::3/128 dst-port=443 protocol=tcp
add action=accept chain=kolokasi-forward comment="kolokasi: dkisp/satudata https" dst-address=2001:db8:7a::4/128 dst-port=443 protocol=tcp
add action=drop chain=kolokasi-forward comment="kolokasi: everything else to the colocation LAN"
add action=jump chain=input comment="kolokasi: public pool addresses are not for the router" jump-target=kolokasi-guard place-before=0
add action=jump chain=forward comment="kolokasi: to the colocation LAN" dst-address=2001:db8:7a::/64 jump-target=kolokasi-forward out-interface=eth1 place-before=0
