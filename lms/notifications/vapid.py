"""VAPID key pairs for web push (RFC 8292), in the forms the two ends want: the private key as
base64url of its 32-byte scalar (pywebpush / py_vapid), the public key as base64url of the
uncompressed P-256 point (the browser's `applicationServerKey`). Imported by the settings,
so it depends on nothing but `cryptography`."""

import base64
import json
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def vapid_keys_generate() -> tuple[str, str]:
    """A new (public, private) pair."""
    private = ec.generate_private_key(ec.SECP256R1())
    public = private.public_key().public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )
    return _b64(public), _b64(private.private_numbers().private_value.to_bytes(32, "big"))


def vapid_keys_local(var_dir: Path) -> tuple[str, str]:
    """The pair kept in var/vapid.json, generated there on first use (like the secret key)."""
    key_file = var_dir / "vapid.json"
    if not key_file.exists():
        public, private = vapid_keys_generate()
        key_file.write_text(json.dumps({"public": public, "private": private}))
        key_file.chmod(0o600)
    keys = json.loads(key_file.read_text())
    return keys["public"], keys["private"]
