# kolokasi firewall and NAT (RouterOS), with a scheduled rollback for stack dev: 40 server(s).
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
add action=dst-nat chain=kolokasi-dstnat comment="kolokasi: opd00/app0000 ssh" dst-address=203.0.113.10 dst-port=22 protocol=tcp to-addresses=10.20.30.10
add action=dst-nat chain=kolokasi-dstnat comment="kolokasi: opd00/app0000 https" dst-address=203.0.113.10 dst-port=443 protocol=tcp to-addresses=10.20.30.10
add action=dst-nat chain=kolokasi-dstnat comment="kolokasi: opd00/app0007 https" dst-address=203.0.113.17 dst-port=443 protocol=tcp to-addresses=10.20.30.17
add action=dst-nat chain=kolokasi-dstnat comment="kolokasi: opd00/app0007 syslog" dst-address=203.0.113.17 dst-port=514 protocol=udp to-addresses=10.20.30.17
add action=dst-nat chain=kolokasi-dstnat comment="kolokasi: opd00/app0014 https" dst-address=203.0.113.24 dst-port=443 protocol=tcp to-addresses=10.20.30.24
add action=dst-nat chain=kolokasi-dstnat comment="kolokasi: opd00/app0021 ssh" dst-address=203.0.113.31 dst-port=22 protocol=tcp to-addresses=10.20.30.31
add action=dst-nat chain=kolokasi-dstnat comment="kolokasi: opd00/app0021 https" dst-address=203.0.113.31 dst-port=443 protocol=tcp to-addresses=10.20.30.31
add action=dst-nat chain=kolokasi-dstnat comment="kolokasi: opd00/app0021 loket" dst-address=203.0.113.31 dst-port=8080-8089 protocol=tcp to-addresses=10.20.30.31
add action=dst-nat chain=kolokasi-dstnat comment="kolokasi: opd00/app0028 https" dst-address=203.0.113.38 dst-port=443 protocol=tcp to-addresses=10.20.30.38
add action=dst-nat chain=kolokasi-dstnat comment="kolokasi: opd00/app0035 https" dst-address=203.0.113.45 dst-port=443 protocol=tcp to-addresses=10.20.30.45
add action=dst-nat chain=kolokasi-dstnat comment="kolokasi: opd01/app0001 https" dst-address=203.0.113.11 dst-port=443 protocol=tcp to-addresses=10.20.30.11
add action=dst-nat chain=kolokasi-dstnat comment="kolokasi: opd01/app0001 loket" dst-address=203.0.113.11 dst-port=8080-8089 protocol=tcp to-addresses=10.20.30.11
add action=dst-nat chain=kolokasi-dstnat comment="kolokasi: opd01/app0008 https" dst-address=203.0.113.18 dst-port=443 protocol=tcp to-addresses=10.20.30.18
add action=dst-nat chain=kolokasi-dstnat comment="kolokasi: opd01/app0015 ssh" dst-address=203.0.113.25 dst-port=22 protocol=tcp to-addresses=10.20.30.25
add action=dst-nat chain=kolokasi-dstnat comment="kolokasi: opd01/app0015 https" dst-address=203.0.113.25 dst-port=443 protocol=tcp to-addresses=10.20.30.25
add action=dst-nat chain=kolokasi-dstnat comment="kolokasi: opd01/app0022 https" dst-address=203.0.113.32 dst-port=443 protocol=tcp to-addresses=10.20.30.32
add action=dst-nat chain=kolokasi-dstnat comment="kolokasi: opd01/app0022 syslog" dst-address=203.0.113.32 dst-port=514 protocol=udp to-addresses=10.20.30.32
add action=dst-nat chain=kolokasi-dstnat comment="kolokasi: opd01/app0029 https" dst-address=203.0.113.39 dst-port=443 protocol=tcp to-addresses=10.20.30.39
add action=dst-nat chain=kolokasi-dstnat comment="kolokasi: opd01/app0029 loket" dst-address=203.0.113.39 dst-port=8080-8089 protocol=tcp to-addresses=10.20.30.39
add action=dst-nat chain=kolokasi-dstnat comment="kolokasi: opd01/app0036 ssh" dst-address=203.0.113.46 dst-port=22 protocol=tcp to-addresses=10.20.30.46
add action=dst-nat chain=kolokasi-dstnat comment="kolokasi: opd01/app0036 https" dst-address=203.0.113.46 dst-port=443 protocol=tcp to-addresses=10.20.30.46
add action=dst-nat chain=kolokasi-dstnat comment="kolokasi: opd02/app0002 https" dst-address=203.0.113.12 dst-port=443 protocol=tcp to-addresses=10.20.30.12
add action=dst-nat chain=kolokasi-dstnat comment="kolokasi: opd02/app0002 syslog" dst-address=203.0.113.12 dst-port=514 protocol=udp to-addresses=10.20.30.12
add action=dst-nat chain=kolokasi-dstnat comment="kolokasi: opd02/app0009 ssh" dst-address=203.0.113.19 dst-port=22 protocol=tcp to-addresses=10.20.30.19
add action=dst-nat chain=kolokasi-dstnat comment="kolokasi: opd02/app0009 https" dst-address=203.0.113.19 dst-port=443 protocol=tcp to-addresses=10.20.30.19
add action=dst-nat chain=kolokasi-dstnat comment="kolokasi: opd02/app0009 loket" dst-address=203.0.113.19 dst-port=8080-8089 protocol=tcp to-addresses=10.20.30.19
add action=dst-nat chain=kolokasi-dstnat comment="kolokasi: opd02/app0016 https" dst-address=203.0.113.26 dst-port=443 protocol=tcp to-addresses=10.20.30.26
add action=dst-nat chain=kolokasi-dstnat comment="kolokasi: opd02/app0023 https" dst-address=203.0.113.33 dst-port=443 protocol=tcp to-addresses=10.20.30.33
add action=dst-nat chain=kolokasi-dstnat comment="kolokasi: opd02/app0030 ssh" dst-address=203.0.113.40 dst-port=22 protocol=tcp to-addresses=10.20.30.40
add action=dst-nat chain=kolokasi-dstnat comment="kolokasi: opd02/app0030 https" dst-address=203.0.113.40 dst-port=443 protocol=tcp to-addresses=10.20.30.40
add action=dst-nat chain=kolokasi-dstnat comment="kolokasi: opd02/app0037 https" dst-address=203.0.113.47 dst-port=443 protocol=tcp to-addresses=10.20.30.47
add action=dst-nat chain=kolokasi-dstnat comment="kolokasi: opd02/app0037 loket" dst-address=203.0.113.47 dst-port=8080-8089 protocol=tcp to-addresses=10.20.30.47
add action=dst-nat chain=kolokasi-dstnat comment="kolokasi: opd02/app0037 syslog" dst-address=203.0.113.47 dst-port=514 protocol=udp to-addresses=10.20.30.47
add action=dst-nat chain=kolokasi-dstnat comment="kolokasi: opd03/app0003 ssh" dst-address=203.0.113.13 dst-port=22 protocol=tcp to-addresses=10.20.30.13
add action=dst-nat chain=kolokasi-dstnat comment="kolokasi: opd03/app0003 https" dst-address=203.0.113.13 dst-port=443 protocol=tcp to-addresses=10.20.30.13
add action=dst-nat chain=kolokasi-dstnat comment="kolokasi: opd03/app0010 https" dst-address=203.0.113.20 dst-port=443 protocol=tcp to-addresses=10.20.30.20
add action=dst-nat chain=kolokasi-dstnat comment="kolokasi: opd03/app0017 https" dst-address=203.0.113.27 dst-port=443 protocol=tcp to-addresses=10.20.30.27
add action=dst-nat chain=kolokasi-dstnat comment="kolokasi: opd03/app0017 loket" dst-address=203.0.113.27 dst-port=8080-8089 protocol=tcp to-addresses=10.20.30.27
add action=dst-nat chain=kolokasi-dstnat comment="kolokasi: opd03/app0017 syslog" dst-address=203.0.113.27 dst-port=514 protocol=udp to-addresses=10.20.30.27
add action=dst-nat chain=kolokasi-dstnat comment="kolokasi: opd03/app0024 ssh" dst-address=203.0.113.34 dst-port=22 protocol=tcp to-addresses=10.20.30.34
add action=dst-nat chain=kolokasi-dstnat comment="kolokasi: opd03/app0024 https" dst-address=203.0.113.34 dst-port=443 protocol=tcp to-addresses=10.20.30.34
add action=dst-nat chain=kolokasi-dstnat comment="kolokasi: opd03/app0031 https" dst-address=203.0.113.41 dst-port=443 protocol=tcp to-addresses=10.20.30.41
add action=dst-nat chain=kolokasi-dstnat comment="kolokasi: opd03/app0038 https" dst-address=203.0.113.48 dst-port=443 protocol=tcp to-addresses=10.20.30.48
add action=dst-nat chain=kolokasi-dstnat comment="kolokasi: opd04/app0004 https" dst-address=203.0.113.14 dst-port=443 protocol=tcp to-addresses=10.20.30.14
add action=dst-nat chain=kolokasi-dstnat comment="kolokasi: opd04/app0011 https" dst-address=203.0.113.21 dst-port=443 protocol=tcp to-addresses=10.20.30.21
add action=dst-nat chain=kolokasi-dstnat comment="kolokasi: opd04/app0018 ssh" dst-address=203.0.113.28 dst-port=22 protocol=tcp to-addresses=10.20.30.28
add action=dst-nat chain=kolokasi-dstnat comment="kolokasi: opd04/app0018 https" dst-address=203.0.113.28 dst-port=443 protocol=tcp to-addresses=10.20.30.28
add action=dst-nat chain=kolokasi-dstnat comment="kolokasi: opd04/app0025 https" dst-address=203.0.113.35 dst-port=443 protocol=tcp to-addresses=10.20.30.35
add action=dst-nat chain=kolokasi-dstnat comment="kolokasi: opd04/app0025 loket" dst-address=203.0.113.35 dst-port=8080-8089 protocol=tcp to-addresses=10.20.30.35
add action=dst-nat chain=kolokasi-dstnat comment="kolokasi: opd04/app0032 https" dst-address=203.0.113.42 dst-port=443 protocol=tcp to-addresses=10.20.30.42
add action=dst-nat chain=kolokasi-dstnat comment="kolokasi: opd04/app0032 syslog" dst-address=203.0.113.42 dst-port=514 protocol=udp to-addresses=10.20.30.42
add action=dst-nat chain=kolokasi-dstnat comment="kolokasi: opd04/app0039 ssh" dst-address=203.0.113.49 dst-port=22 protocol=tcp to-addresses=10.20.30.49
add action=dst-nat chain=kolokasi-dstnat comment="kolokasi: opd04/app0039 https" dst-address=203.0.113.49 dst-port=443 protocol=tcp to-addresses=10.20.30.49
add action=dst-nat chain=kolokasi-dstnat comment="kolokasi: opd05/app0005 https" dst-address=203.0.113.15 dst-port=443 protocol=tcp to-addresses=10.20.30.15
add action=dst-nat chain=kolokasi-dstnat comment="kolokasi: opd05/app0005 loket" dst-address=203.0.113.15 dst-port=8080-8089 protocol=tcp to-addresses=10.20.30.15
add action=dst-nat chain=kolokasi-dstnat comment="kolokasi: opd05/app0012 ssh" dst-address=203.0.113.22 dst-port=22 protocol=tcp to-addresses=10.20.30.22
add action=dst-nat chain=kolokasi-dstnat comment="kolokasi: opd05/app0012 https" dst-address=203.0.113.22 dst-port=443 protocol=tcp to-addresses=10.20.30.22
add action=dst-nat chain=kolokasi-dstnat comment="kolokasi: opd05/app0012 syslog" dst-address=203.0.113.22 dst-port=514 protocol=udp to-addresses=10.20.30.22
add action=dst-nat chain=kolokasi-dstnat comment="kolokasi: opd05/app0019 https" dst-address=203.0.113.29 dst-port=443 protocol=tcp to-addresses=10.20.30.29
add action=dst-nat chain=kolokasi-dstnat comment="kolokasi: opd05/app0026 https" dst-address=203.0.113.36 dst-port=443 protocol=tcp to-addresses=10.20.30.36
add action=dst-nat chain=kolokasi-dstnat comment="kolokasi: opd05/app0033 ssh" dst-address=203.0.113.43 dst-port=22 protocol=tcp to-addresses=10.20.30.43
add action=dst-nat chain=kolokasi-dstnat comment="kolokasi: opd05/app0033 https" dst-address=203.0.113.43 dst-port=443 protocol=tcp to-addresses=10.20.30.43
add action=dst-nat chain=kolokasi-dstnat comment="kolokasi: opd05/app0033 loket" dst-address=203.0.113.43 dst-port=8080-8089 protocol=tcp to-addresses=10.20.30.43
add action=dst-nat chain=kolokasi-dstnat comment="kolokasi: opd06/app0006 ssh" dst-address=203.0.113.16 dst-port=22 protocol=tcp to-addresses=10.20.30.16
add action=dst-nat chain=kolokasi-dstnat comment="kolokasi: opd06/app0006 https" dst-address=203.0.113.16 dst-port=443 protocol=tcp to-addresses=10.20.30.16
add action=dst-nat chain=kolokasi-dstnat comment="kolokasi: opd06/app0013 https" dst-address=203.0.113.23 dst-port=443 protocol=tcp to-addresses=10.20.30.23
add action=dst-nat chain=kolokasi-dstnat comment="kolokasi: opd06/app0013 loket" dst-address=203.0.113.23 dst-port=8080-8089 protocol=tcp to-addresses=10.20.30.23
add action=dst-nat chain=kolokasi-dstnat comment="kolokasi: opd06/app0020 https" dst-address=203.0.113.30 dst-port=443 protocol=tcp to-addresses=10.20.30.30
add action=dst-nat chain=kolokasi-dstnat comment="kolokasi: opd06/app0027 ssh" dst-address=203.0.113.37 dst-port=22 protocol=tcp to-addresses=10.20.30.37
add action=dst-nat chain=kolokasi-dstnat comment="kolokasi: opd06/app0027 https" dst-address=203.0.113.37 dst-port=443 protocol=tcp to-addresses=10.20.30.37
add action=dst-nat chain=kolokasi-dstnat comment="kolokasi: opd06/app0027 syslog" dst-address=203.0.113.37 dst-port=514 protocol=udp to-addresses=10.20.30.37
add action=dst-nat chain=kolokasi-dstnat comment="kolokasi: opd06/app0034 https" dst-address=203.0.113.44 dst-port=443 protocol=tcp to-addresses=10.20.30.44
add action=src-nat chain=kolokasi-srcnat comment="kolokasi: opd00/app0000 1:1" out-interface=eth0 src-address=10.20.30.10 to-addresses=203.0.113.10
add action=src-nat chain=kolokasi-srcnat comment="kolokasi: opd00/app0007 1:1" out-interface=eth0 src-address=10.20.30.17 to-addresses=203.0.113.17
add action=src-nat chain=kolokasi-srcnat comment="kolokasi: opd00/app0014 1:1" out-interface=eth0 src-address=10.20.30.24 to-addresses=203.0.113.24
add action=src-nat chain=kolokasi-srcnat comment="kolokasi: opd00/app0021 1:1" out-interface=eth0 src-address=10.20.30.31 to-addresses=203.0.113.31
add action=src-nat chain=kolokasi-srcnat comment="kolokasi: opd00/app0028 1:1" out-interface=eth0 src-address=10.20.30.38 to-addresses=203.0.113.38
add action=src-nat chain=kolokasi-srcnat comment="kolokasi: opd00/app0035 1:1" out-interface=eth0 src-address=10.20.30.45 to-addresses=203.0.113.45
add action=src-nat chain=kolokasi-srcnat comment="kolokasi: opd01/app0001 1:1" out-interface=eth0 src-address=10.20.30.11 to-addresses=203.0.113.11
add action=src-nat chain=kolokasi-srcnat comment="kolokasi: opd01/app0008 1:1" out-interface=eth0 src-address=10.20.30.18 to-addresses=203.0.113.18
add action=src-nat chain=kolokasi-srcnat comment="kolokasi: opd01/app0015 1:1" out-interface=eth0 src-address=10.20.30.25 to-addresses=203.0.113.25
add action=src-nat chain=kolokasi-srcnat comment="kolokasi: opd01/app0022 1:1" out-interface=eth0 src-address=10.20.30.32 to-addresses=203.0.113.32
add action=src-nat chain=kolokasi-srcnat comment="kolokasi: opd01/app0029 1:1" out-interface=eth0 src-address=10.20.30.39 to-addresses=203.0.113.39
add action=src-nat chain=kolokasi-srcnat comment="kolokasi: opd01/app0036 1:1" out-interface=eth0 src-address=10.20.30.46 to-addresses=203.0.113.46
add action=src-nat chain=kolokasi-srcnat comment="kolokasi: opd02/app0002 1:1" out-interface=eth0 src-address=10.20.30.12 to-addresses=203.0.113.12
add action=src-nat chain=kolokasi-srcnat comment="kolokasi: opd02/app0009 1:1" out-interface=eth0 src-address=10.20.30.19 to-addresses=203.0.113.19
add action=src-nat chain=kolokasi-srcnat comment="kolokasi: opd02/app0016 1:1" out-interface=eth0 src-address=10.20.30.26 to-addresses=203.0.113.26
add action=src-nat chain=kolokasi-srcnat comment="kolokasi: opd02/app0023 1:1" out-interface=eth0 src-address=10.20.30.33 to-addresses=203.0.113.33
add action=src-nat chain=kolokasi-srcnat comment="kolokasi: opd02/app0030 1:1" out-interface=eth0 src-address=10.20.30.40 to-addresses=203.0.113.40
add action=src-nat chain=kolokasi-srcnat comment="kolokasi: opd02/app0037 1:1" out-interface=eth0 src-address=10.20.30.47 to-addresses=203.0.113.47
add action=src-nat chain=kolokasi-srcnat comment="kolokasi: opd03/app0003 1:1" out-interface=eth0 src-address=10.20.30.13 to-addresses=203.0.113.13
add action=src-nat chain=kolokasi-srcnat comment="kolokasi: opd03/app0010 1:1" out-interface=eth0 src-address=10.20.30.20 to-addresses=203.0.113.20
add action=src-nat chain=kolokasi-srcnat comment="kolokasi: opd03/app0017 1:1" out-interface=eth0 src-address=10.20.30.27 to-addresses=203.0.113.27
add action=src-nat chain=kolokasi-srcnat comment="kolokasi: opd03/app0024 1:1" out-interface=eth0 src-address=10.20.30.34 to-addresses=203.0.113.34
add action=src-nat chain=kolokasi-srcnat comment="kolokasi: opd03/app0031 1:1" out-interface=eth0 src-address=10.20.30.41 to-addresses=203.0.113.41
add action=src-nat chain=kolokasi-srcnat comment="kolokasi: opd03/app0038 1:1" out-interface=eth0 src-address=10.20.30.48 to-addresses=203.0.113.48
add action=src-nat chain=kolokasi-srcnat comment="kolokasi: opd04/app0004 1:1" out-interface=eth0 src-address=10.20.30.14 to-addresses=203.0.113.14
add action=src-nat chain=kolokasi-srcnat comment="kolokasi: opd04/app0011 1:1" out-interface=eth0 src-address=10.20.30.21 to-addresses=203.0.113.21
add action=src-nat chain=kolokasi-srcnat comment="kolokasi: opd04/app0018 1:1" out-interface=eth0 src-address=10.20.30.28 to-addresses=203.0.113.28
add action=src-nat chain=kolokasi-srcnat comment="kolokasi: opd04/app0025 1:1" out-interface=eth0 src-address=10.20.30.35 to-addresses=203.0.113.35
add action=src-nat chain=kolokasi-srcnat comment="kolokasi: opd04/app0032 1:1" out-interface=eth0 src-address=10.20.30.42 to-addresses=203.0.113.42
add action=src-nat chain=kolokasi-srcnat comment="kolokasi: opd04/app0039 1:1" out-interface=eth0 src-address=10.20.30.49 to-addresses=203.0.113.49
add action=src-nat chain=kolokasi-srcnat comment="kolokasi: opd05/app0005 1:1" out-interface=eth0 src-address=10.20.30.15 to-addresses=203.0.113.15
add action=src-nat chain=kolokasi-srcnat comment="kolokasi: opd05/app0012 1:1" out-interface=eth0 src-address=10.20.30.22 to-addresses=203.0.113.22
add action=src-nat chain=kolokasi-srcnat comment="kolokasi: opd05/app0019 1:1" out-interface=eth0 src-address=10.20.30.29 to-addresses=203.0.113.29
add action=src-nat chain=kolokasi-srcnat comment="kolokasi: opd05/app0026 1:1" out-interface=eth0 src-address=10.20.30.36 to-addresses=203.0.113.36
add action=src-nat chain=kolokasi-srcnat comment="kolokasi: opd05/app0033 1:1" out-interface=eth0 src-address=10.20.30.43 to-addresses=203.0.113.43
add action=src-nat chain=kolokasi-srcnat comment="kolokasi: opd06/app0006 1:1" out-interface=eth0 src-address=10.20.30.16 to-addresses=203.0.113.16
add action=src-nat chain=kolokasi-srcnat comment="kolokasi: opd06/app0013 1:1" out-interface=eth0 src-address=10.20.30.23 to-addresses=203.0.113.23
add action=src-nat chain=kolokasi-srcnat comment="kolokasi: opd06/app0020 1:1" out-interface=eth0 src-address=10.20.30.30 to-addresses=203.0.113.30
add action=src-nat chain=kolokasi-srcnat comment="kolokasi: opd06/app0027 1:1" out-interface=eth0 src-address=10.20.30.37 to-addresses=203.0.113.37
add action=src-nat chain=kolokasi-srcnat comment="kolokasi: opd06/app0034 1:1" out-interface=eth0 src-address=10.20.30.44 to-addresses=203.0.113.44
add action=src-nat chain=kolokasi-srcnat comment="kolokasi: opd00/app0000 1:1" dst-address=10.20.30.0/24 out-interface=eth1 src-address=10.20.30.10 to-addresses=203.0.113.10
add action=src-nat chain=kolokasi-srcnat comment="kolokasi: opd00/app0007 1:1" dst-address=10.20.30.0/24 out-interface=eth1 src-address=10.20.30.17 to-addresses=203.0.113.17
add action=src-nat chain=kolokasi-srcnat comment="kolokasi: opd00/app0014 1:1" dst-address=10.20.30.0/24 out-interface=eth1 src-address=10.20.30.24 to-addresses=203.0.113.24
add action=src-nat chain=kolokasi-srcnat comment="kolokasi: opd00/app0021 1:1" dst-address=10.20.30.0/24 out-interface=eth1 src-address=10.20.30.31 to-addresses=203.0.113.31
add action=src-nat chain=kolokasi-srcnat comment="kolokasi: opd00/app0028 1:1" dst-address=10.20.30.0/24 out-interface=eth1 src-address=10.20.30.38 to-addresses=203.0.113.38
add action=src-nat chain=kolokasi-srcnat comment="kolokasi: opd00/app0035 1:1" dst-address=10.20.30.0/24 out-interface=eth1 src-address=10.20.30.45 to-addresses=203.0.113.45
add action=src-nat chain=kolokasi-srcnat comment="kolokasi: opd01/app0001 1:1" dst-address=10.20.30.0/24 out-interface=eth1 src-address=10.20.30.11 to-addresses=203.0.113.11
add action=src-nat chain=kolokasi-srcnat comment="kolokasi: opd01/app0008 1:1" dst-address=10.20.30.0/24 out-interface=eth1 src-address=10.20.30.18 to-addresses=203.0.113.18
add action=src-nat chain=kolokasi-srcnat comment="kolokasi: opd01/app0015 1:1" dst-address=10.20.30.0/24 out-interface=eth1 src-address=10.20.30.25 to-addresses=203.0.113.25
add action=src-nat chain=kolokasi-srcnat comment="kolokasi: opd01/app0022 1:1" dst-address=10.20.30.0/24 out-interface=eth1 src-address=10.20.30.32 to-addresses=203.0.113.32
add action=src-nat chain=kolokasi-srcnat comment="kolokasi: opd01/app0029 1:1" dst-address=10.20.30.0/24 out-interface=eth1 src-address=10.20.30.39 to-addresses=203.0.113.39
add action=src-nat chain=kolokasi-srcnat comment="kolokasi: opd01/app0036 1:1" dst-address=10.20.30.0/24 out-interface=eth1 src-address=10.20.30.46 to-addresses=203.0.113.46
add action=src-nat chain=kolokasi-srcnat comment="kolokasi: opd02/app0002 1:1" dst-address=10.20.30.0/24 out-interface=eth1 src-address=10.20.30.12 to-addresses=203.0.113.12
add action=src-nat chain=kolokasi-srcnat comment="kolokasi: opd02/app0009 1:1" dst-address=10.20.30.0/24 out-interface=eth1 src-address=10.20.30.19 to-addresses=203.0.113.19
add action=src-nat chain=kolokasi-srcnat comment="kolokasi: opd02/app0016 1:1" dst-address=10.20.30.0/24 out-interface=eth1 src-address=10.20.30.26 to-addresses=203.0.113.26
add action=src-nat chain=kolokasi-srcnat comment="kolokasi: opd02/app0023 1:1" dst-address=10.20.30.0/24 out-interface=eth1 src-address=10.20.30.33 to-addresses=203.0.113.33
add action=src-nat chain=kolokasi-srcnat comment="kolokasi: opd02/app0030 1:1" dst-address=10.20.30.0/24 out-interface=eth1 src-address=10.20.30.40 to-addresses=203.0.113.40
add action=src-nat chain=kolokasi-srcnat comment="kolokasi: opd02/app0037 1:1" dst-address=10.20.30.0/24 out-interface=eth1 src-address=10.20.30.47 to-addresses=203.0.113.47
add action=src-nat chain=kolokasi-srcnat comment="kolokasi: opd03/app0003 1:1" dst-address=10.20.30.0/24 out-interface=eth1 src-address=10.20.30.13 to-addresses=203.0.113.13
add action=src-nat chain=kolokasi-srcnat comment="kolokasi: opd03/app0010 1:1" dst-address=10.20.30.0/24 out-interface=eth1 src-address=10.20.30.20 to-addresses=203.0.113.20
add action=src-nat chain=kolokasi-srcnat comment="kolokasi: opd03/app0017 1:1" dst-address=10.20.30.0/24 out-interface=eth1 src-address=10.20.30.27 to-addresses=203.0.113.27
add action=src-nat chain=kolokasi-srcnat comment="kolokasi: opd03/app0024 1:1" dst-address=10.20.30.0/24 out-interface=eth1 src-address=10.20.30.34 to-addresses=203.0.113.34
add action=src-nat chain=kolokasi-srcnat comment="kolokasi: opd03/app0031 1:1" dst-address=10.20.30.0/24 out-interface=eth1 src-address=10.20.30.41 to-addresses=203.0.113.41
add action=src-nat chain=kolokasi-srcnat comment="kolokasi: opd03/app0038 1:1" dst-address=10.20.30.0/24 out-interface=eth1 src-address=10.20.30.48 to-addresses=203.0.113.48
add action=src-nat chain=kolokasi-srcnat comment="kolokasi: opd04/app0004 1:1" dst-address=10.20.30.0/24 out-interface=eth1 src-address=10.20.30.14 to-addresses=203.0.113.14
add action=src-nat chain=kolokasi-srcnat comment="kolokasi: opd04/app0011 1:1" dst-address=10.20.30.0/24 out-interface=eth1 src-address=10.20.30.21 to-addresses=203.0.113.21
add action=src-nat chain=kolokasi-srcnat comment="kolokasi: opd04/app0018 1:1" dst-address=10.20.30.0/24 out-interface=eth1 src-address=10.20.30.28 to-addresses=203.0.113.28
add action=src-nat chain=kolokasi-srcnat comment="kolokasi: opd04/app0025 1:1" dst-address=10.20.30.0/24 out-interface=eth1 src-address=10.20.30.35 to-addresses=203.0.113.35
add action=src-nat chain=kolokasi-srcnat comment="kolokasi: opd04/app0032 1:1" dst-address=10.20.30.0/24 out-interface=eth1 src-address=10.20.30.42 to-addresses=203.0.113.42
add action=src-nat chain=kolokasi-srcnat comment="kolokasi: opd04/app0039 1:1" dst-address=10.20.30.0/24 out-interface=eth1 src-address=10.20.30.49 to-addresses=203.0.113.49
add action=src-nat chain=kolokasi-srcnat comment="kolokasi: opd05/app0005 1:1" dst-address=10.20.30.0/24 out-interface=eth1 src-address=10.20.30.15 to-addresses=203.0.113.15
add action=src-nat chain=kolokasi-srcnat comment="kolokasi: opd05/app0012 1:1" dst-address=10.20.30.0/24 out-interface=eth1 src-address=10.20.30.22 to-addresses=203.0.113.22
add action=src-nat chain=kolokasi-srcnat comment="kolokasi: opd05/app0019 1:1" dst-address=10.20.30.0/24 out-interface=eth1 src-address=10.20.30.29 to-addresses=203.0.113.29
add action=src-nat chain=kolokasi-srcnat comment="kolokasi: opd05/app0026 1:1" dst-address=10.20.30.0/24 out-interface=eth1 src-address=10.20.30.36 to-addresses=203.0.113.36
add action=src-nat chain=kolokasi-srcnat comment="kolokasi: opd05/app0033 1:1" dst-address=10.20.30.0/24 out-interface=eth1 src-address=10.20.30.43 to-addresses=203.0.113.43
add action=src-nat chain=kolokasi-srcnat comment="kolokasi: opd06/app0006 1:1" dst-address=10.20.30.0/24 out-interface=eth1 src-address=10.20.30.16 to-addresses=203.0.113.16
add action=src-nat chain=kolokasi-srcnat comment="kolokasi: opd06/app0013 1:1" dst-address=10.20.30.0/24 out-interface=eth1 src-address=10.20.30.23 to-addresses=203.0.113.23
add action=src-nat chain=kolokasi-srcnat comment="kolokasi: opd06/app0020 1:1" dst-address=10.20.30.0/24 out-interface=eth1 src-address=10.20.30.30 to-addresses=203.0.113.30
add action=src-nat chain=kolokasi-srcnat comment="kolokasi: opd06/app0027 1:1" dst-address=10.20.30.0/24 out-interface=eth1 src-address=10.20.30.37 to-addresses=203.0.113.37
add action=src-nat chain=kolokasi-srcnat comment="kolokasi: opd06/app0034 1:1" dst-address=10.20.30.0/24 out-interface=eth1 src-address=10.20.30.44 to-addresses=203.0.113.44
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
add action=accept chain=kolokasi-forward comment="kolokasi: opd00/app0000 ssh" dst-address=10.20.30.10 dst-port=22 protocol=tcp src-address=10.10.0.0/16
add action=accept chain=kolokasi-forward comment="kolokasi: opd00/app0000 https" dst-address=10.20.30.10 dst-port=443 protocol=tcp
add action=accept chain=kolokasi-forward comment="kolokasi: opd00/app0007 https" dst-address=10.20.30.17 dst-port=443 protocol=tcp
add action=accept chain=kolokasi-forward comment="kolokasi: opd00/app0007 syslog" dst-address=10.20.30.17 dst-port=514 protocol=udp src-address=10.10.0.0/16
add action=accept chain=kolokasi-forward comment="kolokasi: opd00/app0007 syslog" dst-address=10.20.30.17 dst-port=514 protocol=udp src-address=10.11.0.0/16
add action=accept chain=kolokasi-forward comment="kolokasi: opd00/app0014 https" dst-address=10.20.30.24 dst-port=443 protocol=tcp
add action=accept chain=kolokasi-forward comment="kolokasi: opd00/app0021 ssh" dst-address=10.20.30.31 dst-port=22 protocol=tcp src-address=10.10.0.0/16
add action=accept chain=kolokasi-forward comment="kolokasi: opd00/app0021 https" dst-address=10.20.30.31 dst-port=443 protocol=tcp
add action=accept chain=kolokasi-forward comment="kolokasi: opd00/app0021 loket" dst-address=10.20.30.31 dst-port=8080-8089 protocol=tcp src-address=10.10.0.0/16
add action=accept chain=kolokasi-forward comment="kolokasi: opd00/app0021 loket" dst-address=10.20.30.31 dst-port=8080-8089 protocol=tcp src-address=10.11.0.0/16
add action=accept chain=kolokasi-forward comment="kolokasi: opd00/app0028 https" dst-address=10.20.30.38 dst-port=443 protocol=tcp
add action=accept chain=kolokasi-forward comment="kolokasi: opd00/app0035 https" dst-address=10.20.30.45 dst-port=443 protocol=tcp
add action=accept chain=kolokasi-forward comment="kolokasi: opd01/app0001 https" dst-address=10.20.30.11 dst-port=443 protocol=tcp
add action=accept chain=kolokasi-forward comment="kolokasi: opd01/app0001 loket" dst-address=10.20.30.11 dst-port=8080-8089 protocol=tcp src-address=10.10.0.0/16
add action=accept chain=kolokasi-forward comment="kolokasi: opd01/app0001 loket" dst-address=10.20.30.11 dst-port=8080-8089 protocol=tcp src-address=10.11.0.0/16
add action=accept chain=kolokasi-forward comment="kolokasi: opd01/app0008 https" dst-address=10.20.30.18 dst-port=443 protocol=tcp
add action=accept chain=kolokasi-forward comment="kolokasi: opd01/app0015 ssh" dst-address=10.20.30.25 dst-port=22 protocol=tcp src-address=10.10.0.0/16
add action=accept chain=kolokasi-forward comment="kolokasi: opd01/app0015 https" dst-address=10.20.30.25 dst-port=443 protocol=tcp
add action=accept chain=kolokasi-forward comment="kolokasi: opd01/app0022 https" dst-address=10.20.30.32 dst-port=443 protocol=tcp
add action=accept chain=kolokasi-forward comment="kolokasi: opd01/app0022 syslog" dst-address=10.20.30.32 dst-port=514 protocol=udp src-address=10.10.0.0/16
add action=accept chain=kolokasi-forward comment="kolokasi: opd01/app0022 syslog" dst-address=10.20.30.32 dst-port=514 protocol=udp src-address=10.11.0.0/16
add action=accept chain=kolokasi-forward comment="kolokasi: opd01/app0029 https" dst-address=10.20.30.39 dst-port=443 protocol=tcp
add action=accept chain=kolokasi-forward comment="kolokasi: opd01/app0029 loket" dst-address=10.20.30.39 dst-port=8080-8089 protocol=tcp src-address=10.10.0.0/16
add action=accept chain=kolokasi-forward comment="kolokasi: opd01/app0029 loket" dst-address=10.20.30.39 dst-port=8080-8089 protocol=tcp src-address=10.11.0.0/16
add action=accept chain=kolokasi-forward comment="kolokasi: opd01/app0036 ssh" dst-address=10.20.30.46 dst-port=22 protocol=tcp src-address=10.10.0.0/16
add action=accept chain=kolokasi-forward comment="kolokasi: opd01/app0036 https" dst-address=10.20.30.46 dst-port=443 protocol=tcp
add action=accept chain=kolokasi-forward comment="kolokasi: opd02/app0002 https" dst-address=10.20.30.12 dst-port=443 protocol=tcp
add action=accept chain=kolokasi-forward comment="kolokasi: opd02/app0002 syslog" dst-address=10.20.30.12 dst-port=514 protocol=udp src-address=10.10.0.0/16
add action=accept chain=kolokasi-forward comment="kolokasi: opd02/app0002 syslog" dst-address=10.20.30.12 dst-port=514 protocol=udp src-address=10.11.0.0/16
add action=accept chain=kolokasi-forward comment="kolokasi: opd02/app0009 ssh" dst-address=10.20.30.19 dst-port=22 protocol=tcp src-address=10.10.0.0/16
add action=accept chain=kolokasi-forward comment="kolokasi: opd02/app0009 https" dst-address=10.20.30.19 dst-port=443 protocol=tcp
add action=accept chain=kolokasi-forward comment="kolokasi: opd02/app0009 loket" dst-address=10.20.30.19 dst-port=8080-8089 protocol=tcp src-address=10.10.0.0/16
add action=accept chain=kolokasi-forward comment="kolokasi: opd02/app0009 loket" dst-address=10.20.30.19 dst-port=8080-8089 protocol=tcp src-address=10.11.0.0/16
add action=accept chain=kolokasi-forward comment="kolokasi: opd02/app0016 https" dst-address=10.20.30.26 dst-port=443 protocol=tcp
add action=accept chain=kolokasi-forward comment="kolokasi: opd02/app0023 https" dst-address=10.20.30.33 dst-port=443 protocol=tcp
add action=accept chain=kolokasi-forward comment="kolokasi: opd02/app0030 ssh" dst-address=10.20.30.40 dst-port=22 protocol=tcp src-address=10.10.0.0/16
add action=accept chain=kolokasi-forward comment="kolokasi: opd02/app0030 https" dst-address=10.20.30.40 dst-port=443 protocol=tcp
add action=accept chain=kolokasi-forward comment="kolokasi: opd02/app0037 https" dst-address=10.20.30.47 dst-port=443 protocol=tcp
add action=accept chain=kolokasi-forward comment="kolokasi: opd02/app0037 loket" dst-address=10.20.30.47 dst-port=8080-8089 protocol=tcp src-address=10.10.0.0/16
add action=accept chain=kolokasi-forward comment="kolokasi: opd02/app0037 loket" dst-address=10.20.30.47 dst-port=8080-8089 protocol=tcp src-address=10.11.0.0/16
add action=accept chain=kolokasi-forward comment="kolokasi: opd02/app0037 syslog" dst-address=10.20.30.47 dst-port=514 protocol=udp src-address=10.10.0.0/16
add action=accept chain=kolokasi-forward comment="kolokasi: opd02/app0037 syslog" dst-address=10.20.30.47 dst-port=514 protocol=udp src-address=10.11.0.0/16
add action=accept chain=kolokasi-forward comment="kolokasi: opd03/app0003 ssh" dst-address=10.20.30.13 dst-port=22 protocol=tcp src-address=10.10.0.0/16
add action=accept chain=kolokasi-forward comment="kolokasi: opd03/app0003 https" dst-address=10.20.30.13 dst-port=443 protocol=tcp
add action=accept chain=kolokasi-forward comment="kolokasi: opd03/app0010 https" dst-address=10.20.30.20 dst-port=443 protocol=tcp
add action=accept chain=kolokasi-forward comment="kolokasi: opd03/app0017 https" dst-address=10.20.30.27 dst-port=443 protocol=tcp
add action=accept chain=kolokasi-forward comment="kolokasi: opd03/app0017 loket" dst-address=10.20.30.27 dst-port=8080-8089 protocol=tcp src-address=10.10.0.0/16
add action=accept chain=kolokasi-forward comment="kolokasi: opd03/app0017 loket" dst-address=10.20.30.27 dst-port=8080-8089 protocol=tcp src-address=10.11.0.0/16
add action=accept chain=kolokasi-forward comment="kolokasi: opd03/app0017 syslog" dst-address=10.20.30.27 dst-port=514 protocol=udp src-address=10.10.0.0/16
add action=accept chain=kolokasi-forward comment="kolokasi: opd03/app0017 syslog" dst-address=10.20.30.27 dst-port=514 protocol=udp src-address=10.11.0.0/16
add action=accept chain=kolokasi-forward comment="kolokasi: opd03/app0024 ssh" dst-address=10.20.30.34 dst-port=22 protocol=tcp src-address=10.10.0.0/16
add action=accept chain=kolokasi-forward comment="kolokasi: opd03/app0024 https" dst-address=10.20.30.34 dst-port=443 protocol=tcp
add action=accept chain=kolokasi-forward comment="kolokasi: opd03/app0031 https" dst-address=10.20.30.41 dst-port=443 protocol=tcp
add action=accept chain=kolokasi-forward comment="kolokasi: opd03/app0038 https" dst-address=10.20.30.48 dst-port=443 protocol=tcp
add action=accept chain=kolokasi-forward comment="kolokasi: opd04/app0004 https" dst-address=10.20.30.14 dst-port=443 protocol=tcp
add action=accept chain=kolokasi-forward comment="kolokasi: opd04/app0011 https" dst-address=10.20.30.21 dst-port=443 protocol=tcp
add action=accept chain=kolokasi-forward comment="kolokasi: opd04/app0018 ssh" dst-address=10.20.30.28 dst-port=22 protocol=tcp src-address=10.10.0.0/16
add action=accept chain=kolokasi-forward comment="kolokasi: opd04/app0018 https" dst-address=10.20.30.28 dst-port=443 protocol=tcp
add action=accept chain=kolokasi-forward comment="kolokasi: opd04/app0025 https" dst-address=10.20.30.35 dst-port=443 protocol=tcp
add action=accept chain=kolokasi-forward comment="kolokasi: opd04/app0025 loket" dst-address=10.20.30.35 dst-port=8080-8089 protocol=tcp src-address=10.10.0.0/16
add action=accept chain=kolokasi-forward comment="kolokasi: opd04/app0025 loket" dst-address=10.20.30.35 dst-port=8080-8089 protocol=tcp src-address=10.11.0.0/16
add action=accept chain=kolokasi-forward comment="kolokasi: opd04/app0032 https" dst-address=10.20.30.42 dst-port=443 protocol=tcp
add action=accept chain=kolokasi-forward comment="kolokasi: opd04/app0032 syslog" dst-address=10.20.30.42 dst-port=514 protocol=udp src-address=10.10.0.0/16
add action=accept chain=kolokasi-forward comment="kolokasi: opd04/app0032 syslog" dst-address=10.20.30.42 dst-port=514 protocol=udp src-address=10.11.0.0/16
add action=accept chain=kolokasi-forward comment="kolokasi: opd04/app0039 ssh" dst-address=10.20.30.49 dst-port=22 protocol=tcp src-address=10.10.0.0/16
add action=accept chain=kolokasi-forward comment="kolokasi: opd04/app0039 https" dst-address=10.20.30.49 dst-port=443 protocol=tcp
add action=accept chain=kolokasi-forward comment="kolokasi: opd05/app0005 https" dst-address=10.20.30.15 dst-port=443 protocol=tcp
add action=accept chain=kolokasi-forward comment="kolokasi: opd05/app0005 loket" dst-address=10.20.30.15 dst-port=8080-8089 protocol=tcp src-address=10.10.0.0/16
add action=accept chain=kolokasi-forward comment="kolokasi: opd05/app0005 loket" dst-address=10.20.30.15 dst-port=8080-8089 protocol=tcp src-address=10.11.0.0/16
add action=accept chain=kolokasi-forward comment="kolokasi: opd05/app0012 ssh" dst-address=10.20.30.22 dst-port=22 protocol=tcp src-address=10.10.0.0/16
add action=accept chain=kolokasi-forward comment="kolokasi: opd05/app0012 https" dst-address=10.20.30.22 dst-port=443 protocol=tcp
add action=accept chain=kolokasi-forward comment="kolokasi: opd05/app0012 syslog" dst-address=10.20.30.22 dst-port=514 protocol=udp src-address=10.10.0.0/16
add action=accept chain=kolokasi-forward comment="kolokasi: opd05/app0012 syslog" dst-address=10.20.30.22 dst-port=514 protocol=udp src-address=10.11.0.0/16
add action=accept chain=kolokasi-forward comment="kolokasi: opd05/app0019 https" dst-address=10.20.30.29 dst-port=443 protocol=tcp
add action=accept chain=kolokasi-forward comment="kolokasi: opd05/app0026 https" dst-address=10.20.30.36 dst-port=443 protocol=tcp
add action=accept chain=kolokasi-forward comment="kolokasi: opd05/app0033 ssh" dst-address=10.20.30.43 dst-port=22 protocol=tcp src-address=10.10.0.0/16
add action=accept chain=kolokasi-forward comment="kolokasi: opd05/app0033 https" dst-address=10.20.30.43 dst-port=443 protocol=tcp
add action=accept chain=kolokasi-forward comment="kolokasi: opd05/app0033 loket" dst-address=10.20.30.43 dst-port=8080-8089 protocol=tcp src-address=10.10.0.0/16
add action=accept chain=kolokasi-forward comment="kolokasi: opd05/app0033 loket" dst-address=10.20.30.43 dst-port=8080-8089 protocol=tcp src-address=10.11.0.0/16
add action=accept chain=kolokasi-forward comment="kolokasi: opd06/app0006 ssh" dst-address=10.20.30.16 dst-port=22 protocol=tcp src-address=10.10.0.0/16
add action=accept chain=kolokasi-forward comment="kolokasi: opd06/app0006 https" dst-address=10.20.30.16 dst-port=443 protocol=tcp
add action=accept chain=kolokasi-forward comment="kolokasi: opd06/app0013 https" dst-address=10.20.30.23 dst-port=443 protocol=tcp
add action=accept chain=kolokasi-forward comment="kolokasi: opd06/app0013 loket" dst-address=10.20.30.23 dst-port=8080-8089 protocol=tcp src-address=10.10.0.0/16
add action=accept chain=kolokasi-forward comment="kolokasi: opd06/app0013 loket" dst-address=10.20.30.23 dst-port=8080-8089 protocol=tcp src-address=10.11.0.0/16
add action=accept chain=kolokasi-forward comment="kolokasi: opd06/app0020 https" dst-address=10.20.30.30 dst-port=443 protocol=tcp
add action=accept chain=kolokasi-forward comment="kolokasi: opd06/app0027 ssh" dst-address=10.20.30.37 dst-port=22 protocol=tcp src-address=10.10.0.0/16
add action=accept chain=kolokasi-forward comment="kolokasi: opd06/app0027 https" dst-address=10.20.30.37 dst-port=443 protocol=tcp
add action=accept chain=kolokasi-forward comment="kolokasi: opd06/app0027 syslog" dst-address=10.20.30.37 dst-port=514 protocol=udp src-address=10.10.0.0/16
add action=accept chain=kolokasi-forward comment="kolokasi: opd06/app0027 syslog" dst-address=10.20.30.37 dst-port=514 protocol=udp src-address=10.11.0.0/16
add action=accept chain=kolokasi-forward comment="kolokasi: opd06/app0034 https" dst-address=10.20.30.44 dst-port=443 protocol=tcp
add action=drop chain=kolokasi-forward comment="kolokasi: everything else to the colocation LAN"
add action=jump chain=input comment="kolokasi: public pool addresses are not for the router" jump-target=kolokasi-guard place-before=0
add action=jump chain=forward comment="kolokasi: untranslated packets to the public pools" jump-target=kolokasi-guard place-before=0
add action=jump chain=forward comment="kolokasi: to the colocation LAN" dst-address=10.20.30.0/24 jump-target=kolokasi-forward out-interface=eth1 place-before=0

/ipv6 firewall filter
add action=return chain=kolokasi-guard comment="kolokasi: an own address of the router" dst-address=2001:db8:7a::1
add action=drop chain=kolokasi-guard comment="kolokasi: public pool: allocated, quarantined or free" dst-address=2001:db8:7a::/64
add action=accept chain=kolokasi-forward comment="kolokasi: answers" connection-state=established,related
add action=drop chain=kolokasi-forward comment="kolokasi: invalid" connection-state=invalid
add action=accept chain=kolokasi-forward comment="kolokasi: opd00/app0000 https" dst-address=2001:db8:7a::100/128 dst-port=443 protocol=tcp
add action=accept chain=kolokasi-forward comment="kolokasi: opd00/app0014 https" dst-address=2001:db8:7a::10e/128 dst-port=443 protocol=tcp
add action=accept chain=kolokasi-forward comment="kolokasi: opd00/app0028 https" dst-address=2001:db8:7a::11c/128 dst-port=443 protocol=tcp
add action=accept chain=kolokasi-forward comment="kolokasi: opd01/app0008 https" dst-address=2001:db8:7a::108/128 dst-port=443 protocol=tcp
add action=accept chain=kolokasi-forward comment="kolokasi: opd01/app0022 https" dst-address=2001:db8:7a::116/128 dst-port=443 protocol=tcp
add action=accept chain=kolokasi-forward comment="kolokasi: opd01/app0036 https" dst-address=2001:db8:7a::124/128 dst-port=443 protocol=tcp
add action=accept chain=kolokasi-forward comment="kolokasi: opd02/app0002 https" dst-address=2001:db8:7a::102/128 dst-port=443 protocol=tcp
add action=accept chain=kolokasi-forward comment="kolokasi: opd02/app0016 https" dst-address=2001:db8:7a::110/128 dst-port=443 protocol=tcp
add action=accept chain=kolokasi-forward comment="kolokasi: opd02/app0030 https" dst-address=2001:db8:7a::11e/128 dst-port=443 protocol=tcp
add action=accept chain=kolokasi-forward comment="kolokasi: opd03/app0010 https" dst-address=2001:db8:7a::10a/128 dst-port=443 protocol=tcp
add action=accept chain=kolokasi-forward comment="kolokasi: opd03/app0024 https" dst-address=2001:db8:7a::118/128 dst-port=443 protocol=tcp
add action=accept chain=kolokasi-forward comment="kolokasi: opd03/app0038 https" dst-address=2001:db8:7a::126/128 dst-port=443 protocol=tcp
add action=accept chain=kolokasi-forward comment="kolokasi: opd04/app0004 https" dst-address=2001:db8:7a::104/128 dst-port=443 protocol=tcp
add action=accept chain=kolokasi-forward comment="kolokasi: opd04/app0018 https" dst-address=2001:db8:7a::112/128 dst-port=443 protocol=tcp
add action=accept chain=kolokasi-forward comment="kolokasi: opd04/app0032 https" dst-address=2001:db8:7a::120/128 dst-port=443 protocol=tcp
add action=accept chain=kolokasi-forward comment="kolokasi: opd05/app0012 https" dst-address=2001:db8:7a::10c/128 dst-port=443 protocol=tcp
add action=accept chain=kolokasi-forward comment="kolokasi: opd05/app0026 https" dst-address=2001:db8:7a::11a/128 dst-port=443 protocol=tcp
add action=accept chain=kolokasi-forward comment="kolokasi: opd06/app0006 https" dst-address=2001:db8:7a::106/128 dst-port=443 protocol=tcp
add action=accept chain=kolokasi-forward comment="kolokasi: opd06/app0020 https" dst-address=2001:db8:7a::114/128 dst-port=443 protocol=tcp
add action=accept chain=kolokasi-forward comment="kolokasi: opd06/app0034 https" dst-address=2001:db8:7a::122/128 dst-port=443 protocol=tcp
add action=drop chain=kolokasi-forward comment="kolokasi: everything else to the colocation LAN"
add action=jump chain=input comment="kolokasi: public pool addresses are not for the router" jump-target=kolokasi-guard place-before=0
add action=jump chain=forward comment="kolokasi: to the colocation LAN" dst-address=2001:db8:7a::/64 jump-target=kolokasi-forward out-interface=eth1 place-before=0
