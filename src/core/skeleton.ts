// The text `kolokasi new` writes: every field, commented in both languages, with placeholders
// `<...>` that validation names one by one until they are filled.

export const PLACEHOLDER = /^<[^<>]*>$/;

export function requestSkeleton(opd: string, name: string): string {
  return `# yaml-language-server: $schema=../../schemas/colocation-request.schema.json
# Permohonan colocation server / Colocation request.
# Ganti setiap <...> lalu jalankan: npx kolokasi validate requests/${opd}/${name}.yaml
# Replace every <...>, then run:    npx kolokasi validate requests/${opd}/${name}.yaml
apiVersion: kolokasi/v1
kind: ColocationRequest
metadata:
  name: ${name}                 # = nama berkas / the file name
  opd: ${opd}                   # = nama folder / the directory name
  title: "<nama aplikasi / application name>"
spec:
  letter:                       # surat permohonan / the request letter
    number: "<nomor surat, mis. 800/123/OPD/2026>"
    date: "<YYYY-MM-DD>"
  contact:                      # narahubung / contact person
    name: "<nama lengkap / full name>"
    email: "<email@${opd}.tarakankota.go.id>"
    phone: "<+62 8xx xxxx xxxx>"
  team:                         # Tim OPD: pengelola server / the server's technical team
    - name: "<nama / name>"
      role: "<peran, mis. Administrator server / role>"
  server:
    hostname: ${name}01
    rackUnits: 1                # tinggi dalam U / height in rack units (1-12)
    powerWatts: 300             # daya listrik / power draw in watts
    os: "<sistem operasi, mis. Ubuntu Server 24.04 LTS>"
    purpose: "<kegunaan server / what the server is for>"
  dns:
    subdomain: ${name}          # menjadi / becomes ${name}.<zone>
    proxied: false              # true hanya untuk web 80/443 / web on 80/443 only
  network:
    ipv6: false                 # true: minta IPv6 publik / also a public IPv6
    # publicIpv4: 203.0.113.20  # hanya untuk server yang sudah berjalan / pin for a running server
  services:                     # yang tidak tercantum tetap tertutup / anything not listed stays closed
    - name: https
      port: 443
      protocol: tcp
      access: public            # public | intranet | [10.10.0.0/16, ...]
    # - name: ssh
    #   port: 22
    #   protocol: tcp
    #   access: [10.10.0.0/16]
    #   justification: "<mengapa akses ini perlu / why this access is needed>"
`;
}
