#!/usr/bin/env bash
# Makes the TLS Secret the node pods and the runner Job mount at /etc/vioemu/tls (Artery over TLS;
# k8s/base/statefulset.yaml and job.yaml). Runs config/tls/make-certs.sh DIR (keytool only) and
# prints the Secret as YAML (kubectl create secret generic vioemu-tls --dry-run=client), or applies
# it with --apply. Only keystore.p12, truststore.p12 and password go into the Secret: the CA's key
# stays in DIR/ca/, off the cluster (it signs new node certificates). One certificate serves every
# pod: hostname verification is off, trust comes from the CA and mutual authentication.
#
# Usage: k8s/make-tls-secret.sh DIR [--apply] [-n NAMESPACE]
#   DIR          where make-certs.sh writes (must not hold a keystore yet); keep it, or at least
#                DIR/ca/, to sign later certificates
#   --apply      kubectl apply the Secret instead of printing it
#   -n NAMESPACE the namespace of the release (default: kubectl's current one)
# Alternative: a cert-manager Certificate with secretName vioemu-tls (README.md, "Run on Kubernetes").
set -euo pipefail

usage() { sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }
[[ $# -ge 1 && "$1" != -h && "$1" != --help ]] || usage
dir=$1
shift
apply=false
ns=()
while [[ $# -gt 0 ]]; do
  case $1 in
    --apply) apply=true ;;
    -n | --namespace) [[ $# -ge 2 ]] || usage; ns=(--namespace "$2"); shift ;;
    *) echo "make-tls-secret.sh: error: unknown argument '$1'" >&2; usage ;;
  esac
  shift
done
command -v kubectl >/dev/null || { echo "make-tls-secret.sh: error: kubectl not on PATH" >&2; exit 2; }

here=$(cd "$(dirname "$0")" && pwd)
"$here/../config/tls/make-certs.sh" "$dir" >&2
[[ -f "$dir/password" ]] || { echo "make-tls-secret.sh: error: $dir/password missing (unset VIOEMU_TLS_PASSWORD: the Secret carries the password file)" >&2; exit 2; }
secret=$(kubectl create secret generic vioemu-tls "${ns[@]}" --dry-run=client -o yaml \
  --from-file="$dir/keystore.p12" --from-file="$dir/truststore.p12" --from-file="$dir/password")
if $apply; then
  printf '%s\n' "$secret" | kubectl apply "${ns[@]}" -f -
else
  printf '%s\n' "$secret"
fi
