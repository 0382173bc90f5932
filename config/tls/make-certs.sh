#!/usr/bin/env bash
# Creates the TLS material for Pekko Artery over TLS (vioemu node/run --tls DIR), with the JDK's
# keytool only:
#   DIR/keystore.p12    this cluster's node key and certificate (PKCS12), signed by the CA below
#   DIR/truststore.p12  the CA certificate: a peer must show a certificate that chains to it
#   DIR/password        the stores' password (random; mode 600); or pass VIOEMU_TLS_PASSWORD
#   DIR/ca.crt          the CA certificate in PEM, for inspection
#   DIR/ca/ca.p12       the CA's private key: keep it OFF the nodes (it signs new node certificates)
#   DIR/pem/            the same key and certificates as PEM (tls.key, tls.crt, ca.crt: cert-manager's
#                       names; --tls DIR/pem uses them), written when openssl is on PATH
# Every node of one cluster may share keystore.p12 (hostname verification is off: trust comes from
# the CA and mutual authentication, not from names). For Kubernetes (k8s/make-tls-secret.sh), a Secret of the files
# in DIR (not DIR/ca): kubectl create secret generic vioemu-tls --from-file=DIR/keystore.p12
# --from-file=DIR/truststore.p12 --from-file=DIR/password. The names are cert-manager's for a
# Certificate with keystores.pkcs12.create: true, so its Secret mounts the same way (its password
# then comes from VIOEMU_TLS_PASSWORD).
#
# Usage: make-certs.sh DIR [SAN ...]   SANs like dns:vioemu-0.vioemu or ip:10.0.0.5 are added to
#                                      the node certificate beside dns:localhost and ip:127.0.0.1
set -euo pipefail

if [[ $# -lt 1 || "$1" == -h || "$1" == --help ]]; then
  sed -n '2,19p' "$0" | sed 's/^# \{0,1\}//'
  exit 2
fi
dir=$1
shift
command -v keytool >/dev/null || { echo "make-certs.sh: error: keytool (from a JDK) not on PATH" >&2; exit 2; }
if [[ -e "$dir/keystore.p12" || -e "$dir/ca/ca.p12" ]]; then
  echo "make-certs.sh: error: $dir already holds keystore.p12 or ca/ca.p12; remove them or pick another directory" >&2
  exit 2
fi
san="dns:localhost,ip:127.0.0.1"
for extra in "$@"; do
  san="$san,$extra"
done

umask 077
mkdir -p "$dir/ca"
if [[ -n "${VIOEMU_TLS_PASSWORD:-}" ]]; then
  password=$VIOEMU_TLS_PASSWORD
else
  password=$(head -c 24 /dev/urandom | base64 | tr -d '/+=\n')
  printf '%s\n' "$password" > "$dir/password"
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
kt() { keytool "$@" -storetype PKCS12 -storepass "$password" 2>&1 | grep -v '^Certificate was added\|^Warning\|^$' || true; }

# The CA: self-signed, may sign certificates (basic constraints CA:true).
kt -genkeypair -keystore "$dir/ca/ca.p12" -alias ca -keyalg RSA -keysize 2048 -validity 825 \
  -dname "CN=vioemu cluster CA" -ext bc:c -ext ku:c=keyCertSign,cRLSign
keytool -exportcert -keystore "$dir/ca/ca.p12" -storepass "$password" -alias ca -rfc -file "$dir/ca.crt" >/dev/null 2>&1
cp "$dir/ca.crt" "$dir/ca/ca.crt"
kt -importcert -noprompt -keystore "$dir/truststore.p12" -alias ca -file "$dir/ca.crt"

# The node key, a request, the CA's signature, then the chain back into the node's store.
kt -genkeypair -keystore "$dir/keystore.p12" -alias node -keyalg RSA -keysize 2048 -validity 825 \
  -dname "CN=vioemu node"
keytool -certreq -keystore "$dir/keystore.p12" -storepass "$password" -alias node -file "$work/node.csr" 2>/dev/null
keytool -gencert -keystore "$dir/ca/ca.p12" -storepass "$password" -alias ca -validity 825 -rfc \
  -infile "$work/node.csr" -outfile "$work/node.crt" \
  -ext ku:c=digitalSignature,keyEncipherment -ext eku=serverAuth,clientAuth -ext "san=$san" 2>/dev/null
kt -importcert -noprompt -keystore "$dir/keystore.p12" -alias ca -file "$dir/ca.crt"
kt -importcert -noprompt -keystore "$dir/keystore.p12" -alias node -file "$work/node.crt"

if command -v openssl >/dev/null; then
  mkdir -p "$dir/pem"
  openssl pkcs12 -in "$dir/keystore.p12" -passin "pass:$password" -nocerts -nodes 2>/dev/null \
    | openssl pkey -out "$dir/pem/tls.key"
  cp "$work/node.crt" "$dir/pem/tls.crt"
  cp "$dir/ca.crt" "$dir/pem/ca.crt"
  chmod 600 "$dir/pem/tls.key"
fi

chmod 600 "$dir"/keystore.p12 "$dir"/truststore.p12 "$dir"/ca/ca.p12
chmod 644 "$dir/ca.crt"
echo "make-certs.sh: wrote $dir/keystore.p12, $dir/truststore.p12$([[ -f $dir/password ]] && echo ", $dir/password") and $dir/ca.crt (CA key in $dir/ca/)$([[ -d $dir/pem ]] && echo "; PEM in $dir/pem/")"
