#!/usr/bin/env python3
"""A local emulator of the Entra ID v2.0 token endpoint and the Microsoft Graph application endpoints.

Written from /work/shared/azure-spec.md (section numbers below refer to it); Python 3 standard library only.
Used by Tests/AzureTests: each test starts one on 127.0.0.1 with a random port and kills it afterwards.

    emulator.py [--port 0] [--config state.json]

Prints the port on stdout (one line) once it listens. Plain HTTP: iamvault accepts http only for loopback.

Entra ID (section 1, 2.4, 8)
    GET  /{tenant}/v2.0/.well-known/openid-configuration
    POST /{tenant}/oauth2/v2.0/token       client credentials; secret in the body or HTTP Basic
Microsoft Graph v1.0 (section 5)
    GET  /v1.0/applications(appId='{appId}')        GET /v1.0/applications?$filter=appId eq '{appId}'
    GET  /v1.0/applications/{id}
    POST /v1.0/applications/{id}/addPassword        POST /v1.0/applications(appId='{appId}')/addPassword
    POST /v1.0/applications/{id}/removePassword     POST /v1.0/applications(appId='{appId}')/removePassword
Administration (tests only)
    GET  /_admin/state[?secrets=1]    PUT /_admin/state (replace the whole state: same form as --config)
    POST /_admin/faults               one fault or a list (see FAULTS below)
    POST /_admin/advance              {"seconds": n}: moves the emulator clock
    POST /_admin/propagate            every new password is replicated now (no more AADSTS7000215)
    PATCH /_admin/applications/{appId}                {"disabled": true, "roles": [...]}
    POST /_admin/applications/{appId}/passwords       add a password as the portal would (keyId, secret, ...)
    GET  /_admin/requests             every request served: method, path, target, status (never a body)

STATE (JSON)
    {"now": 1795000000,                       fixed clock in Unix seconds (default: the wall clock)
     "tenants": [{"id": GUID, "domains": ["contoso.onmicrosoft.com"]}],
     "applications": [{"appId": GUID, "id": GUID, "tenant": GUID, "displayName": "...", "disabled": false,
                       "servicePrincipalId": GUID, "roles": ["Application.ReadWrite.OwnedBy", ...],
                       "resourceRoles": {"https://management.azure.com": [...]},
                       "passwords": [{"keyId", "secret", "displayName", "hint", "startDateTime", "endDateTime",
                                      "pendingUses": 0, "activeAt": ISO}]}],
     "propagation": {"uses": 0, "seconds": 0},  a NEW password answers AADSTS7000215 for its first
                                                 `uses` token requests and for `seconds` (section 5.6)
     "maxPasswords": 20,
     "malformedTenants": ["..."]}              tenant strings answered with AADSTS900023 although iamvault's
                                                 own check accepts them (Entra's rules are stricter)
FAULTS
    {"target": "token" | "graph" | "addPassword" | "removePassword" | "any", "times": 1,
     "status": 429, "retryAfter": 2, "delay": 0.0, "close": false}
    The next `times` matching requests get `status` (with Retry-After when given) after `delay` seconds,
    or have their connection closed without an answer when `close`.
"""

import argparse
import base64
import datetime
import hmac
import json
import os
import re
import secrets
import signal
import sys
import threading
import time
import urllib.parse
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

GRAPH_APP_ID = "00000003-0000-0000-c000-000000000000"
GRAPH_RESOURCES = {"https://graph.microsoft.com", "https://graph.microsoft.us", "https://microsoftgraph.chinacloudapi.cn",
                   "https://dod-graph.microsoft.us", GRAPH_APP_ID}
GUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
LABEL = re.compile(r"^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$", re.I)
GRAPH_TARGETS = ("getApplication", "listApplications", "addPassword", "removePassword")
READ_ROLES = {"Application.Read.All", "Application.ReadWrite.All", "Application.ReadWrite.OwnedBy",
              "Directory.Read.All", "Directory.ReadWrite.All"}
WRITE_ROLES = {"Application.ReadWrite.All", "Application.ReadWrite.OwnedBy"}
SECRET_ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~"
MAX_BODY = 64 * 1024


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def is_domain(text):
    labels = text.split(".")
    return (4 <= len(text) <= 253 and len(labels) >= 2 and all(LABEL.match(label) for label in labels)
            and not labels[-1].isdigit())


def parse_time(text):
    if text is None:
        return None
    value = text.strip().replace("z", "Z")
    if value.endswith("Z"):
        value = value[:-1] + "+00:00"
    match = re.match(r"^(.*T\d\d:\d\d:\d\d)(\.\d+)?([+-]\d\d:\d\d)$", value)
    if not match:
        raise ValueError("not an ISO 8601 timestamp")
    base = datetime.datetime.fromisoformat(match.group(1) + match.group(3))
    fraction = float("0" + match.group(2)) if match.group(2) else 0.0
    return base.timestamp() + fraction


def format_time(seconds, digits=7):
    moment = datetime.datetime.fromtimestamp(seconds, datetime.timezone.utc)
    fraction = f"{seconds % 1:.{digits}f}"[1:] if digits else ""
    return moment.strftime("%Y-%m-%dT%H:%M:%S") + fraction + "Z"


class State:
    """Everything the emulator knows; every access holds `lock`."""

    def __init__(self, config):
        self.lock = threading.RLock()
        self.requests = []
        self.faults = []
        self.tokens = {}
        self.load(config)

    def load(self, config):
        with self.lock:
            self.fixed_now = config.get("now")
            self.offset = 0.0
            self.propagation = dict(config.get("propagation") or {})
            self.max_passwords = int(config.get("maxPasswords", 20))
            self.malformed_tenants = {name.lower() for name in config.get("malformedTenants", [])}
            self.tenants = [dict(t, domains=[d.lower() for d in t.get("domains", [])], id=t["id"].lower())
                            for t in config.get("tenants", [])]
            self.apps = [self.normalized_app(a) for a in config.get("applications", [])]
            self.faults = list(config.get("faults", []))
            self.tokens = {}

    def normalized_app(self, app):
        app = dict(app)
        app["appId"] = app["appId"].lower()
        app["id"] = app.get("id", str(uuid.uuid4())).lower()
        app["tenant"] = app["tenant"].lower()
        app.setdefault("displayName", "app " + app["appId"][:8])
        app.setdefault("disabled", False)
        app.setdefault("servicePrincipalId", str(uuid.uuid4()))
        app.setdefault("roles", [])
        app.setdefault("resourceRoles", {})
        app.setdefault("owners", [app["appId"]])
        app["passwords"] = [self.normalized_password(p) for p in app.get("passwords", [])]
        return app

    def normalized_password(self, password):
        password = dict(password)
        password["keyId"] = password.get("keyId", str(uuid.uuid4())).lower()
        secret = password["secret"]
        password.setdefault("hint", secret[:3])
        password.setdefault("displayName", None)
        password["start"] = parse_time(password.pop("startDateTime", None)) or (self.now() - 86400)
        password["end"] = parse_time(password.pop("endDateTime", None)) or (self.now() + 180 * 86400)
        password.setdefault("pendingUses", 0)
        password["activeAt"] = parse_time(password["activeAt"]) if isinstance(password.get("activeAt"), str) else password.get("activeAt")
        return password

    def now(self):
        base = self.fixed_now if self.fixed_now is not None else time.time()
        return base + self.offset

    def tenant(self, name):
        name = name.lower()
        return next((t for t in self.tenants if t["id"] == name or name in t["domains"]), None)

    def app(self, tenant_id, app_id=None, object_id=None):
        for app in self.apps:
            if app["tenant"] != tenant_id:
                continue
            if app_id is not None and app["appId"] == app_id.lower():
                return app
            if object_id is not None and app["id"] == object_id.lower():
                return app
        return None

    def take_fault(self, targets):
        with self.lock:
            for fault in self.faults:
                if fault.get("target", "any") in targets and fault.get("times", 1) > 0:
                    fault["times"] = fault.get("times", 1) - 1
                    return dict(fault)
        return None

    def public_password(self, password, digits=3, secret=False):
        result = {"customKeyIdentifier": None, "displayName": password["displayName"],
                  "endDateTime": format_time(password["end"], digits), "hint": password["hint"],
                  "keyId": password["keyId"], "secretText": None,
                  "startDateTime": format_time(password["start"], digits)}
        if secret:
            result["secret"] = password["secret"]
        return result

    def dump(self, secrets_too=False):
        with self.lock:
            return {"now": self.now(), "tenants": self.tenants,
                    "applications": [dict({k: v for k, v in a.items() if k != "passwords"},
                                          passwords=[self.public_password(p, secret=secrets_too) for p in a["passwords"]])
                                     for a in self.apps],
                    "faults": self.faults}


def new_secret():
    # The current format (section 6): 3 characters, "8Q~", 34 characters: 40 in all.
    body = "".join(secrets.choice(SECRET_ALPHABET) for _ in range(37))
    return body[:3] + "8Q~" + body[3:]


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "azure-emulator/1"
    state = None  # set by main

    def log_message(self, fmt, *args):  # quiet: tests read /_admin/requests instead
        pass

    # Plumbing ---------------------------------------------------------------------------------------------

    def do_GET(self):
        self.route("GET")

    def do_POST(self):
        self.route("POST")

    def do_PUT(self):
        self.route("PUT")

    def do_PATCH(self):
        self.route("PATCH")

    def body(self):
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_BODY:
            raise ValueError("body too large")
        return self.rfile.read(length) if length > 0 else b""

    def send(self, status, payload=None, headers=None):
        data = b"" if payload is None else json.dumps(payload).encode()
        self.send_response(status)
        for name, value in (headers or {}).items():
            self.send_header(name, str(value))
        if payload is not None:
            self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if data:
            self.wfile.write(data)
        self.status_sent = status

    def route(self, method):
        self.status_sent = None
        parsed = urllib.parse.urlsplit(self.path)
        path, query = parsed.path, urllib.parse.parse_qs(parsed.query)
        target = self.target_of(method, path)
        try:
            raw = self.body()
        except ValueError:
            self.send(413, {"error": "body too large"})
            return self.log_request_done(method, path, target)
        fault = None if target == "admin" else self.state.take_fault(
            {target, "any", "graph" if target in GRAPH_TARGETS else target})
        if fault:
            time.sleep(float(fault.get("delay", 0)))
            if fault.get("close"):
                self.close_connection = True
                self.status_sent = "closed"
                self.log_request_done(method, path, target)
                try:
                    self.connection.shutdown(2)
                except OSError:
                    pass
                return
            status = int(fault.get("status", 429))
            headers = {"Retry-After": fault["retryAfter"]} if "retryAfter" in fault else {}
            if target == "token":
                payload = self.aad_body("temporarily_unavailable", 50196,
                                        "The server terminated an operation because it encountered a client request loop.")
            else:
                payload = self.graph_body("TooManyRequests" if status == 429 else "ServiceUnavailable",
                                          "Too many requests." if status == 429 else "The service is temporarily unavailable.")
            self.send(status, payload, headers)
            return self.log_request_done(method, path, target)
        try:
            with self.state.lock:
                if target == "admin":
                    self.admin(method, path, query, raw)
                elif target == "token":
                    self.token(path, raw)
                elif target == "discovery":
                    self.discovery(path)
                elif target in GRAPH_TARGETS:
                    self.graph(method, path, query, raw, target)
                else:
                    self.send(404, self.graph_body("Request_ResourceNotFound", "Resource not found for the segment."))
        except (ValueError, KeyError, TypeError) as error:
            self.send(400, {"error": "emulator: bad request", "detail": type(error).__name__})
        self.log_request_done(method, path, target)

    def log_request_done(self, method, path, target):
        if target != "admin":
            self.state.requests.append({"method": method, "path": path, "target": target, "status": self.status_sent})

    @staticmethod
    def target_of(method, path):
        if path.startswith("/_admin/"):
            return "admin"
        if path.endswith("/oauth2/v2.0/token"):
            return "token"
        if path.endswith("/.well-known/openid-configuration"):
            return "discovery"
        if path.startswith("/v1.0/applications"):
            if path.endswith("/addPassword"):
                return "addPassword"
            if path.endswith("/removePassword"):
                return "removePassword"
            return "listApplications" if path == "/v1.0/applications" else "getApplication"
        return "other"

    # Entra ID ---------------------------------------------------------------------------------------------

    def aad_body(self, error, code, message):
        now = self.state.now()
        stamp = datetime.datetime.fromtimestamp(now, datetime.timezone.utc).strftime("%Y-%m-%d %H:%M:%SZ")
        trace, correlation = str(uuid.uuid4()), str(uuid.uuid4())
        return {"error": error,
                "error_description": f"AADSTS{code}: {message}\r\nTrace ID: {trace}\r\nCorrelation ID: {correlation}\r\nTimestamp: {stamp}",
                "error_codes": [code], "timestamp": stamp, "trace_id": trace, "correlation_id": correlation,
                "error_uri": f"https://login.microsoftonline.com/error?code={code}"}

    def aad_error(self, status, error, code, message):
        self.send(status, self.aad_body(error, code, message))

    def discovery(self, path):
        tenant_name = path.split("/")[1]
        tenant = self.state.tenant(tenant_name)
        if tenant is None:
            return self.aad_error(400, "invalid_tenant", 90002, f"Tenant '{tenant_name}' not found. Check to make sure you have "
                                  "the correct tenant ID and are signing into the correct cloud.")
        host = f"http://{self.headers.get('Host', '127.0.0.1')}"
        self.send(200, {"issuer": f"{host}/{tenant['id']}/v2.0",
                        "authorization_endpoint": f"{host}/{tenant_name}/oauth2/v2.0/authorize",
                        "token_endpoint": f"{host}/{tenant_name}/oauth2/v2.0/token"})

    def token(self, path, raw):
        segments = path.split("/")
        tenant_name = urllib.parse.unquote(segments[1]) if len(segments) > 1 else ""
        if not (GUID.match(tenant_name) or is_domain(tenant_name)) or tenant_name.lower() in self.state.malformed_tenants:
            return self.aad_error(400, "invalid_request", 900023,
                                  f"Specified tenant identifier '{tenant_name}' is neither a valid DNS name, nor a valid external domain.")
        tenant = self.state.tenant(tenant_name)
        if tenant is None:
            return self.aad_error(400, "invalid_request", 90002,
                                  f"Tenant '{tenant_name}' not found. Check to make sure you have the correct tenant ID and are "
                                  "signing into the correct cloud. Check with your subscription administrator, this may happen "
                                  "if there are no active subscriptions for the tenant.")
        form = {k: v[0] for k, v in urllib.parse.parse_qs(raw.decode("utf-8", "replace"), keep_blank_values=True).items()}
        authorization = self.headers.get("Authorization", "")
        if authorization.startswith("Basic "):
            user, _, password = base64.b64decode(authorization[6:]).decode().partition(":")
            form.setdefault("client_id", urllib.parse.unquote_plus(user))
            form.setdefault("client_secret", urllib.parse.unquote_plus(password))
        if "resource" in form:
            return self.aad_error(400, "invalid_request", 901002, "The 'resource' request parameter isn't supported.")
        for name in ("grant_type", "client_id", "scope"):
            if not form.get(name):
                return self.aad_error(400, "invalid_request", 900144, f"The request body must contain the following parameter: '{name}'.")
        if form["grant_type"] != "client_credentials":
            return self.aad_error(400, "unsupported_grant_type", 70003, "The app requested an unsupported grant type.")
        scope = form["scope"]
        if " " in scope.strip() or not scope.endswith("/.default"):
            return self.aad_error(400, "invalid_scope", 1002012, f"The provided value for scope {scope} is not valid. Client credential "
                                  "flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).")
        app = self.state.app(tenant["id"], app_id=form["client_id"])
        if app is None:
            return self.aad_error(400, "unauthorized_client", 700016,
                                  f"Application with identifier '{form['client_id']}' was not found in the directory '{tenant_name}'. "
                                  "This can happen if the application has not been installed by the administrator of the tenant or "
                                  "consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.")
        if app["disabled"]:
            return self.aad_error(400, "unauthorized_client", 7000112, f"Application '{app['appId']}'({app['displayName']}) is disabled.")
        given = form.get("client_secret")
        if not given:
            return self.aad_error(401, "invalid_client", 7000218,
                                  "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.")
        wrong = ("Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the "
                 f"client secret ID, for a secret added to app '{app['appId']}'.")
        now = self.state.now()
        for password in app["passwords"]:
            if not hmac.compare_digest(password["secret"].encode(), given.encode()):
                continue
            if password["start"] > now:
                return self.aad_error(401, "invalid_client", 7000215, wrong)
            if password.get("pendingUses", 0) > 0:
                password["pendingUses"] -= 1
                return self.aad_error(401, "invalid_client", 7000215, wrong)
            if password.get("activeAt") and now < password["activeAt"]:
                return self.aad_error(401, "invalid_client", 7000215, wrong)
            if password["end"] <= now:
                return self.aad_error(401, "invalid_client", 7000222,
                                      f"The provided client secret keys for app '{app['appId']}' are expired. Visit the Azure portal to "
                                      "create new keys for your app: https://aka.ms/NewClientSecret, or consider using certificate "
                                      "credentials for added security: https://aka.ms/certCreds.")
            return self.send(200, self.issue(tenant, app, scope[: -len("/.default")], now))
        return self.aad_error(401, "invalid_client", 7000215, wrong)

    def issue(self, tenant, app, resource, now):
        is_graph = resource.rstrip("/") in GRAPH_RESOURCES
        audience = "https://graph.microsoft.com" if resource.rstrip("/") in (GRAPH_APP_ID, "https://graph.microsoft.com") else resource
        roles = app["roles"] if is_graph else app["resourceRoles"].get(resource, [])
        issuer = f"https://sts.windows.net/{tenant['id']}/"
        claims = {"aud": audience, "iss": issuer, "iat": int(now), "nbf": int(now), "exp": int(now) + 3599,
                  "aio": b64url(secrets.token_bytes(24)), "app_displayname": app["displayName"], "appid": app["appId"],
                  "appidacr": "1", "idp": issuer, "idtyp": "app", "oid": app["servicePrincipalId"], "rh": "0.emulator.",
                  "sub": app["servicePrincipalId"], "tenant_region_scope": "EU", "tid": tenant["id"],
                  "uti": b64url(secrets.token_bytes(16)), "ver": "1.0", "xms_tcdt": 1600000000}
        if roles:
            claims["roles"] = list(roles)
        header = {"typ": "JWT", "alg": "RS256", "x5t": "emulator-key", "kid": "emulator-key"}
        token = ".".join([b64url(json.dumps(header).encode()), b64url(json.dumps(claims).encode()), b64url(secrets.token_bytes(64))])
        self.state.tokens[token] = claims
        return {"token_type": "Bearer", "expires_in": 3599, "ext_expires_in": 3599, "access_token": token}

    # Microsoft Graph --------------------------------------------------------------------------------------

    def graph_body(self, code, message):
        now = datetime.datetime.fromtimestamp(self.state.now(), datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S")
        request_id = str(uuid.uuid4())
        return {"error": {"code": code, "message": message,
                          "innerError": {"date": now, "request-id": request_id, "client-request-id": request_id}}}

    def graph_error(self, status, code, message):
        headers = {}
        if status == 401:
            headers["WWW-Authenticate"] = ('Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", '
                                           f'client_id="{GRAPH_APP_ID}"')
        self.send(status, self.graph_body(code, message), headers)

    def graph(self, method, path, query, raw, target):
        authorization = self.headers.get("Authorization", "")
        token = authorization[7:] if authorization.startswith("Bearer ") else ""
        if not token:
            return self.graph_error(401, "InvalidAuthenticationToken", "Access token is empty.")
        claims = self.state.tokens.get(token)
        if claims is None:
            return self.graph_error(401, "InvalidAuthenticationToken", "CompactToken parsing failed with error code: 80049217")
        if claims["exp"] <= self.state.now():
            return self.graph_error(401, "InvalidAuthenticationToken", "Access token has expired or is not yet valid.")
        if claims["aud"] not in GRAPH_RESOURCES:
            return self.graph_error(401, "InvalidAuthenticationToken", "Access token validation failure. Invalid audience.")
        roles = set(claims.get("roles", []))
        if target == "listApplications" and method == "GET":
            match = re.match(r"^appId eq '([^']*)'$", (query.get("$filter") or [""])[0])
            if not match:
                return self.graph_error(400, "Request_UnsupportedQuery", "Unsupported query.")
            if not roles & READ_ROLES:
                return self.graph_error(403, "Authorization_RequestDenied", "Insufficient privileges to complete the operation.")
            app = self.state.app(claims["tid"], app_id=match.group(1))
            return self.send(200, {"@odata.context": "https://graph.microsoft.com/v1.0/$metadata#applications",
                                   "value": [self.entity(app, query)] if app and self.may_read(app, claims) else []})
        match = re.match(r"^/v1\.0/applications(?:\(appId='([^']*)'\)|/([0-9A-Fa-f-]+))(/addPassword|/removePassword)?$", path)
        if not match:
            return self.graph_error(400, "Request_BadRequest", "Invalid object identifier.")
        by_app_id, by_object_id, action = match.groups()
        key = by_app_id or by_object_id
        app = self.state.app(claims["tid"], app_id=by_app_id, object_id=by_object_id)
        if action is None and method == "GET":
            if not roles & READ_ROLES:
                return self.graph_error(403, "Authorization_RequestDenied", "Insufficient privileges to complete the operation.")
            if app is None or not self.may_read(app, claims):
                return self.not_found(key)
            return self.send(200, dict(self.entity(app, query),
                                       **{"@odata.context": "https://graph.microsoft.com/v1.0/$metadata#applications/$entity"}))
        if method != "POST" or action is None:
            return self.graph_error(405, "Request_BadRequest", "The HTTP method is not allowed for this resource.")
        if not roles & WRITE_ROLES or ("Application.ReadWrite.All" not in roles and app is not None and claims["appid"] not in app["owners"]):
            return self.graph_error(403, "Authorization_RequestDenied", "Insufficient privileges to complete the operation.")
        if app is None:
            return self.not_found(key)
        try:
            body = json.loads(raw or b"{}")
        except ValueError:
            return self.graph_error(400, "Request_BadRequest", "Unable to read JSON request payload.")
        if action == "/addPassword":
            return self.add_password(app, body)
        key_id = str(body.get("keyId", "")).lower()
        password = next((p for p in app["passwords"] if p["keyId"] == key_id), None)
        if password is None:
            return self.graph_error(404, "Request_ResourceNotFound", f"No password credential found with keyId {key_id}.")
        app["passwords"].remove(password)
        self.send(204)

    def add_password(self, app, body):
        credential = body.get("passwordCredential") or {}
        now = self.state.now()
        if len(app["passwords"]) >= self.state.max_passwords:
            return self.graph_error(400, "Request_BadRequest",
                                    "The size of the object has exceeded its limit. Please reduce the number of values and retry your request.")
        try:
            start = parse_time(credential.get("startDateTime")) or now
            end = parse_time(credential.get("endDateTime")) or start + 2 * 365 * 86400
        except ValueError:
            return self.graph_error(400, "Request_BadRequest", "Invalid value specified for property 'endDateTime'.")
        if end <= start:
            return self.graph_error(400, "Request_BadRequest", "Credential end date must be after its start date.")
        secret = new_secret()
        propagation = self.state.propagation
        password = {"keyId": str(uuid.uuid4()), "secret": secret, "hint": secret[:3], "displayName": credential.get("displayName"),
                    "start": start, "end": end, "pendingUses": int(propagation.get("uses", 0)),
                    "activeAt": now + float(propagation.get("seconds", 0)) if propagation.get("seconds") else None}
        app["passwords"].append(password)
        result = self.state.public_password(password, digits=7)
        result["secretText"] = secret
        self.send(200, dict(result, **{"@odata.context": "https://graph.microsoft.com/v1.0/$metadata#microsoft.graph.passwordCredential"}))

    def may_read(self, app, claims):
        return app["tenant"] == claims["tid"]

    def not_found(self, key):
        self.graph_error(404, "Request_ResourceNotFound",
                         f"Resource '{key}' does not exist or one of its queried reference-property objects are not present.")

    def entity(self, app, query):
        full = {"id": app["id"], "appId": app["appId"], "displayName": app["displayName"],
                "passwordCredentials": [self.state.public_password(p) for p in app["passwords"]], "keyCredentials": [],
                "requiredResourceAccess": [{"resourceAppId": GRAPH_APP_ID, "resourceAccess": []}]}
        selected = (query.get("$select") or [""])[0]
        if selected:
            names = set(selected.split(","))
            full = {k: v for k, v in full.items() if k in names}
        return full

    # Administration ---------------------------------------------------------------------------------------

    def admin(self, method, path, query, raw):
        state = self.state
        body = json.loads(raw) if raw else {}
        if path == "/_admin/state" and method == "GET":
            return self.send(200, state.dump(secrets_too=query.get("secrets") == ["1"]))
        if path == "/_admin/state" and method == "PUT":
            state.load(body)
            return self.send(204)
        if path == "/_admin/faults" and method == "POST":
            state.faults.extend(body if isinstance(body, list) else [body])
            return self.send(204)
        if path == "/_admin/advance" and method == "POST":
            state.offset += float(body.get("seconds", 0))
            return self.send(200, {"now": state.now()})
        if path == "/_admin/propagate" and method == "POST":
            for app in state.apps:
                for password in app["passwords"]:
                    password["pendingUses"], password["activeAt"] = 0, None
            return self.send(204)
        if path == "/_admin/requests" and method == "GET":
            return self.send(200, state.requests)
        match = re.match(r"^/_admin/applications/([^/]+)(/passwords)?$", path)
        app = next((a for a in state.apps if match and a["appId"] == match.group(1).lower()), None)
        if app is None:
            return self.send(404, {"error": "no such application"})
        if match.group(2) and method == "POST":
            password = state.normalized_password(body)
            app["passwords"].append(password)
            return self.send(200, state.public_password(password))
        if method == "PATCH":
            for name in ("disabled", "roles", "resourceRoles", "owners", "displayName"):
                if name in body:
                    app[name] = body[name]
            return self.send(204)
        self.send(405, {"error": "method not allowed"})


def watch_parent(parent):
    """Exits when the process that started us is gone, so a crashed test run leaves no emulator behind."""
    while True:
        time.sleep(0.5)
        if os.getppid() != parent:
            os._exit(0)


def main():
    # A test runner may start us with signals blocked (threads of the runner block them); unblock so that
    # SIGTERM and SIGINT work.
    signal.pthread_sigmask(signal.SIG_UNBLOCK, set(range(1, signal.NSIG)) - {signal.SIGKILL, signal.SIGSTOP})
    threading.Thread(target=watch_parent, args=(os.getppid(),), daemon=True).start()
    parser = argparse.ArgumentParser(description="Entra ID + Microsoft Graph emulator for iamvault tests")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--config", help="a JSON state file (see the module docstring)")
    arguments = parser.parse_args()
    config = {}
    if arguments.config:
        with open(arguments.config, encoding="utf-8") as file:
            config = json.load(file)
    Handler.state = State(config)
    server = ThreadingHTTPServer(("127.0.0.1", arguments.port), Handler)
    server.daemon_threads = True
    print(server.server_address[1], flush=True)
    try:
        server.serve_forever(poll_interval=0.1)
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    sys.exit(main())
