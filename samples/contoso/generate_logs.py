#!/usr/bin/env python3
"""Writes the demo tenant's access logs (samples/contoso/logs/) and checks a scan's results against their stories.

    python3 samples/contoso/generate_logs.py                  # (re)writes logs/*.json, deterministically
    python3 samples/contoso/generate_logs.py --check RESULTS  # compares a results.json with the planted stories

The logs are Log Analytics query response bodies ({"tables": [...]}) of raw Key Vault AuditEvent rows, in the table
each vault's diagnostic setting names (logAnalyticsDestinationType Dedicated -> AZKVAuditLogs, else AzureDiagnostics),
one file per workspace and table, plus logs/workspaces.json (a Workspaces_List body). They span 95 days before the
scan's --as-of (2026-11-20T06:00:00Z): the detection window (the last day), the baseline (the 30 days before it) at
full rate, and older days at a lower rate. Benign traffic is workloads reading their secrets with a daily rhythm, a
few people during office hours, the scanner's weekly runs, platform callers kvaudit ignores, Event Grid
notifications and the SDKs' anonymous 401 challenges. On top of it, each vault's section plants one hit and one
near-miss per detector; STORIES lists them for --check, and the README's "Access logs" section tells them. Python 3
standard library only; same output on every run.
"""
import argparse, glob, hashlib, json, os, random, sys, uuid
from datetime import datetime, timedelta, timezone

HERE = os.path.dirname(os.path.abspath(__file__))
LOGS = os.path.join(HERE, 'logs')
UTC = timezone.utc
AS_OF = datetime(2026, 11, 20, 6, 0, 0, tzinfo=UTC)
DETECT = AS_OF - timedelta(days=1)          # detection window: [DETECT, AS_OF)
BASELINE = DETECT - timedelta(days=30)      # baseline: [BASELINE, DETECT)
SPAN_DAYS = 95                              # logs reach back to AS_OF - 95 days (dormancy needs 90)
TENANT = 'c733753a-0047-4a2e-9337-923e0449d9ca'
SHARED = 'b9e7436f-f203-451c-b4a5-912cc553f6bc'
WS_SECURITY = f'/subscriptions/{SHARED}/resourceGroups/rg-shared-monitoring/providers/Microsoft.OperationalInsights/workspaces/law-contoso-security'
WS_SENTINEL = f'/subscriptions/{SHARED}/resourceGroups/rg-shared-monitoring/providers/Microsoft.OperationalInsights/workspaces/law-contoso-sentinel'
WORKSPACES = {  # ARM id -> (name, customerId, retentionInDays); customerId is the TenantId column of its rows
    WS_SECURITY: ('law-contoso-security', '8af3c7c1-6b50-48a9-92b8-9423130ead00', 120),
    WS_SENTINEL: ('law-contoso-sentinel', '6300b4ee-41a6-43ab-8dd4-aeb40cd1f687', 90),
}
ARG_APP = '509e4652-da8d-478d-a730-e9d4a1996ca4'       # Azure Resource Graph
POLICY_APP = '8cae6e77-e04e-42ce-b5cb-50d82bce26b1'    # Azure Policy Insights
CLI_APP = '04b07795-8ddb-461a-bbee-02f9e1bf7b46'       # Azure CLI
PORTAL_APP = 'c44b4083-3bb0-49c1-b47d-974e53cbdf3c'    # Azure portal

rnd = random.Random(20261120)


def gid(name):
    """A stable GUID for a name: ids the inventory does not hold (new principals, app ids, removed assignments)."""
    return str(uuid.UUID(bytes=hashlib.sha256(('contoso-logs/' + name).encode()).digest()[:16], version=4))


def ts(t):
    return t.strftime('%Y-%m-%dT%H:%M:%S.') + '%07dZ' % (t.microsecond * 10 + rnd.randrange(10))


# ---------------------------------------------------------------------------------------------------------------
# The inventory, as the snapshot holds it (ids, locations, keys and certificates the scanner reads)

VAULTS = {}
for f in sorted(glob.glob(os.path.join(HERE, 'subscriptions', '*', 'vaults.json'))):
    for v in json.load(open(f))['value']:
        VAULTS[v['name']] = v


def objects(vault, kind):
    """{name: attributes} of a vault's secrets, keys or certificates (either listing shape; {} for an error body)."""
    out = {}
    for o in json.load(open(os.path.join(HERE, 'vaults', vault, kind + '.json'))).get('value', []):
        out[o.get('name') or (o.get('id') or o.get('kid')).rstrip('/').split('/')[-1]] = o.get('attributes') or o['properties']['attributes']
    return out


def names(vault, kind):
    return list(objects(vault, kind))


# vault -> (workspace, table); from each vault's diagnosticSettings.json (AuditEvent, audit or allLogs to a workspace)
VAULT_TABLE = {}
for name in VAULTS:
    for s in json.load(open(os.path.join(HERE, 'vaults', name, 'diagnosticSettings.json')))['value']:
        p = s['properties']
        if not p.get('workspaceId'):
            continue
        if any(l['enabled'] and (l.get('category') == 'AuditEvent' or l.get('categoryGroup') in ('audit', 'allLogs'))
               for l in p.get('logs', [])):
            VAULT_TABLE[name] = (p['workspaceId'], 'AZKVAuditLogs' if p.get('logAnalyticsDestinationType') == 'Dedicated'
                                 else 'AzureDiagnostics')


# ---------------------------------------------------------------------------------------------------------------
# Callers

class Caller:
    def __init__(self, key, oid=None, app=None, upn=None, ips=(), client='', tls='TLS1_2', claims='short',
                 version='7.5', assignment=None, idtyp='app'):
        self.key, self.oid, self.app, self.upn, self.ips = key, oid, app, upn, list(ips)
        self.client, self.tls, self.claims, self.version, self.assignment, self.idtyp = client, tls, claims, version, assignment, idtyp

    def ip(self):
        return self.ips[0] if len(self.ips) == 1 else rnd.choice(self.ips)


NET8 = 'FxVersion/8.0.1125.51118 OSName/Linux OSVersion/Ubuntu.22.04 Microsoft.Azure.KeyVault.Secrets/4.7.0'
JAVA = 'azsdk-java-azure-security-keyvault-secrets/4.9.0 (21.0.5; Linux; 6.8.0)'
GO_SECRETS = 'azsdk-go-azsecrets/v1.3.0 (go1.23.2; linux)'
GO_KEYS = 'azsdk-go-azkeys/v1.3.0 (go1.23.2; linux)'
PY_CLI = 'azsdk-python-keyvault-secrets/4.9.0 Python/3.11.9 (Windows-10-10.0.22631-SP0) AZURECLI/2.67.0'
BROWSER = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0'

C = {
    # kv-contoso-prod-payments
    'payments-api': Caller('payments-api', '316e7c70-e2ac-471d-9d75-fd12cd4b47f5', '17bf6252-2f57-41d5-97d1-53d7e0e63bdd',
                           ips=['10.20.4.17', '10.20.4.18'], client=NET8, claims='both'),
    'partner-sftp': Caller('partner-sftp', 'fad269c4-7380-4fe7-8218-95f280376316', '7ff832a6-9aad-41cd-bf84-1f330ba1bffa',
                           ips=['10.20.6.5'], client=NET8, claims='long'),
    'erin': Caller('erin', 'c9750d9a-1d0e-43ab-9e76-0ce6ea4daae0', CLI_APP, upn='erin.oconnor@contoso.com',
                   ips=['10.10.8.21'], client=PY_CLI, idtyp='user'),
    # kv-contoso-prod-orders (AZKVAuditLogs)
    'orders-api': Caller('orders-api', 'd8cadef0-775f-44ee-8b8e-d3f2acc72b44', '2ed56455-7a10-40f3-88cd-83624ab98da4',
                         ips=['10.40.1.12', '10.40.1.13'], client=JAVA, assignment='1f10ad93-a14c-44e2-aeba-307c129199c1'),
    'orders-worker': Caller('orders-worker', 'dffa1a3f-e9b3-4068-b257-e73c01b87ed2', 'f074400b-0c18-484d-8462-524b2a218df7',
                            ips=['10.40.1.30', '10.40.1.31'], client=JAVA, assignment='2a51f8c9-1761-431d-b4f5-bee28b7a29e6'),
    'courier': Caller('courier', '121c5d56-9c0b-49a0-b450-28d0ba12a44c', '953820ca-478e-4de8-ba87-b88203805896',
                      ips=['10.40.3.7'], client=JAVA, assignment='19f7d7ab-a51a-41a1-92c5-eaac8fb5b5a0'),
    'label-bridge': Caller('label-bridge', 'f379da77-c2a9-418e-9aac-e04fd00b2772', gid('label-bridge/app'),
                           ips=['10.40.7.15'], tls='TLS1_1', claims='long', version='2016-10-01',
                           client='FxVersion/4.6.1590.0 OSName/Windows OSVersion/Microsoft.Windows.NT.6.3.9600.0 Microsoft.Azure.KeyVault.KeyVaultClient/2.3.2.0',
                           assignment='468b0720-a2b9-4f78-898d-c9c8e9ba8518'),
    'erp-sync': Caller('erp-sync', 'f3fa60e7-60d2-4eb7-85a7-2aa6d30c1cf3', 'c08bb377-459d-494a-8536-645e3cb55905',
                       ips=['10.40.9.44'], client='azsdk-net-Security.KeyVault.Secrets/4.6.0 (.NET 6.0.36; Microsoft Windows 10.0.20348)',
                       assignment=gid('erp-sync/removed-assignment')),
    'invoice-batch': Caller('invoice-batch', '13fbb1fb-8735-4574-ac72-164f7601a178', gid('invoice-batch/app'),
                            ips=['10.40.5.20'], client=JAVA, assignment='25f856e8-0cb4-4f67-827c-78c96d5feba4'),
    'orders-reporting': Caller('orders-reporting', '6b5b938c-2b57-4b83-a872-03a3eecc7893', gid('orders-reporting/app'),
                               ips=['10.40.5.21'], client=JAVA, assignment='f2144d2b-fc9c-4f3a-8704-863a7d981beb'),
    'quarterly-reconcile': Caller('quarterly-reconcile', '5f00c69d-dce5-4bd9-90ed-063d2beb1eae', gid('quarterly-reconcile/app'),
                                  ips=['10.40.5.22'], client=JAVA, assignment='344bd846-ae70-4fa4-8fad-3de4faeb21b4'),
    'bob': Caller('bob', '68497f38-3357-4015-b199-3a5dfc76a092', CLI_APP, upn='bob.schmidt@contoso.com',
                  ips=['10.10.8.34'], client=PY_CLI, assignment='bd80a56f-340c-4cac-b5b4-83973e29e664', idtyp='user'),
    # kv-contoso-prod-web
    'web-app': Caller('web-app', 'a5e50765-11d8-41e5-9b2c-c22b48055c16', '60dc4feb-62e6-4dbd-90ec-63cfc67e95d1',
                      ips=['10.30.2.9', '10.30.2.10'], client=NET8, tls='TLS1_3'),
    # kv-contoso-prod-hr (access policies)
    'hr-portal': Caller('hr-portal', 'e69f163c-ced4-4dea-a042-d80d1732adaa', gid('hr-portal/app'), ips=['10.20.9.15'],
                        client='azsdk-net-Security.KeyVault.Secrets/4.5.0 (.NET Framework 4.8.9261.0; Microsoft Windows 10.0.17763 )', claims='long'),
    'payroll-batch': Caller('payroll-batch', '1e1e2bb9-da7b-4c16-8a8c-0cdd665f38ef', gid('payroll-batch/app'), ips=['10.20.9.30'],
                            client=JAVA, claims='long'),
    'hr-admin': Caller('hr-admin', 'd9f420f2-aa87-445b-96c1-16ce4b39ab5b', gid('hr-admin/app'), ips=['10.20.9.40'],
                       client='azsdk-python-keyvault-secrets/4.8.0 Python/3.10.12 (Linux-5.15.0-x86_64-with-glibc2.35)'),
    # kv-contoso-analytics (AZKVAuditLogs)
    'adf-mi': Caller('adf-mi', 'a6544480-7ecc-41f8-ac45-f55d5a2ecef9', gid('adf-mi/app'), ips=['203.0.113.40', '203.0.113.41'],
                     client='azsdk-net-Security.KeyVault.Keys/4.6.0 (.NET 8.0.11; Microsoft Windows 10.0.20348)', claims='long',
                     assignment='f56884c1-a93a-4fcb-99fa-5620ae066b48'),
    # kv-contoso-dev-data
    'synapse-mi': Caller('synapse-mi', gid('synapse-mi/oid'), gid('synapse-mi/app'), ips=['20.86.14.37', '20.86.14.38'],
                         client='azsdk-net-Security.KeyVault.Secrets/4.6.0 (.NET 6.0.36; Microsoft Windows 10.0.20348)'),
    'dana': Caller('dana', 'ae6305a0-9dd4-4330-be4c-f8dbe7ad544d', PORTAL_APP, upn='dana.kowalski@contoso.com',
                   ips=['198.51.100.40'], client=BROWSER, claims='long', version='7.4', idtyp='user'),
    'leaked-dev-app': Caller('leaked-dev-app', 'aa63b441-3d5b-432f-88d9-8b36f1d73edf', gid('dev-app-sp/app'), ips=['192.0.2.66'],
                             client='python-requests/2.32.3'),
    # kv-contoso-shared-*
    'cert-sync': Caller('cert-sync', 'ff28ce7c-035a-43ce-914d-efcbeffa6f0f', gid('cert-sync/app'), ips=['10.50.3.8'], claims='long',
                        client='azsdk-net-Security.KeyVault.Certificates/4.6.0 (.NET Framework 4.8.9261.0; Microsoft Windows 10.0.17763 )'),
    'platform-terraform': Caller('platform-terraform', 'e4b1d75a-c08e-44cb-8e3d-42c765358d22', gid('platform-terraform/app'),
                                 ips=['20.61.4.23', '20.61.4.87', '20.61.4.140', '20.61.4.201'], client=GO_SECRETS),
    'ci-runner': Caller('ci-runner', '0854892e-ecec-4a00-80d8-183a0b0c5856', gid('ci-runner/app'), ips=['10.0.5.21'], client=GO_SECRETS),
    'backup-svc': Caller('backup-svc', 'eb55ae16-10bc-443a-b3cd-83ce3ec2f3f5', gid('backup-svc/app'), ips=['10.50.8.12'], claims='long',
                         tls='TLS1_0', client='FxVersion/4.8.4645.0 OSName/Windows OSVersion/Microsoft.Windows.NT.10.0.17763.0 Microsoft.Azure.KeyVault.KeyVaultClient/3.0.5.0'),
    # everywhere
    'scanner': Caller('scanner', '8232e3cd-459a-4a9b-a3a5-a3057211bb3a', '7a0a408a-8f56-4d36-a84b-92a8331dd210', ips=['10.0.4.10'],
                      client='azsdk-java-azure-security-keyvault-secrets/4.9.0 (17.0.13; Linux; 6.8.0) kvaudit/1.0',
                      assignment='e7197ee2-e3a6-44e6-9775-a8d459c2509d'),
    'resource-graph': Caller('resource-graph', None, ARG_APP, ips=['20.50.2.31', '20.50.2.32'], client='azure-resource-manager/2.0',
                             version='2023-07-01'),
    'policy-insights': Caller('policy-insights', None, POLICY_APP, ips=['20.50.3.17'], client='azure-resource-manager/2.0',
                              version='2023-07-01'),
    'anonymous': Caller('anonymous', client='', version=''),   # challenges (401, no token) and Event Grid notifications
}

# ---------------------------------------------------------------------------------------------------------------
# Events

EVENTS = []   # dicts: t, vault, op, status, caller, ip, kind, name, path, desc, tls, addr, rbac, assignment


def ev(t, vault, op, caller, kind=None, name=None, status=200, ip=None, path=None, desc='', tls=None, addr=None, rbac=None,
       assignment='default', client=None, version=None):
    """One audit event. path: the request path when it is not {kind}/{name} (lists, backups, policies)."""
    assert t < AS_OF, (t, vault, op)
    EVENTS.append(dict(t=t, vault=vault, op=op, status=status, caller=caller, ip=ip if ip is not None else (caller.ip() if caller.ips else ''),
                       kind=kind, name=name, path=path, desc=desc, tls=tls if tls is not None else caller.tls, addr=addr,
                       rbac=rbac, assignment=caller.assignment if assignment == 'default' else assignment,
                       client=caller.client if client is None else client, version=caller.version if version is None else version))


CHALLENGED = set()


def challenge(t, vault, caller, op='SecretGet', kind='secrets', name=None, ip=None, always=False):
    """The SDK's first request carries no token: Key Vault answers 401 with the challenge; no identity is logged.
    Logged once a day per caller and vault (every other day in the baseline, Mondays before it) unless `always`:
    a long-running client reuses its token."""
    day = (t - DETECT).total_seconds() // 86400
    if not always:
        if (caller.key, vault, day) in CHALLENGED or (t < BASELINE and (t - timedelta(hours=6)).weekday() != 0) \
                or (BASELINE <= t < DETECT and day % 2 == 1):
            return
        CHALLENGED.add((caller.key, vault, day))
    ev(t - timedelta(milliseconds=rnd.randint(40, 400)), vault, op, C['anonymous'], kind if name else None, name, 401,
       ip=ip or caller.ip(), path=None if name else kind, desc='Request is missing a Bearer or PoP token.', tls=caller.tls,
       assignment=None, client=caller.client, version=caller.version)


def days():
    """(k, start) for each day of the span, aligned to the detection window like kvaudit's day buckets; k = 0 is the window."""
    for k in range(SPAN_DAYS):
        yield k, AS_OF - timedelta(days=k + 1)


def period(k):
    return 'window' if k == 0 else 'baseline' if k <= 30 else 'old'


#            UTC hour: 0    1    2    3    4    5    6    7    8    9   10   11   12   13   14   15   16   17   18   19   20   21   22   23
WORKLOAD_RHYTHM = [.45, .45, .45, .45, .45, .45, .8, 1.6, 1.6, 1.6, 1.6, 1.6, 1.6, 1.6, 1.6, 1.6, 1.6, 1.6, 1.1, 1.1, 1.1, .7, .7, .7]


def spread(day, n, rhythm=WORKLOAD_RHYTHM, hours=None):
    """n times inside the aligned day [day, day+24h), more where the rhythm is higher (UTC hours)."""
    slots = [(day + timedelta(hours=h)) for h in range(24)]
    slots = [s for s in slots if hours is None or s.hour in hours]
    weights = [rhythm[s.hour] for s in slots]
    out = []
    for s in rnd.choices(slots, weights, k=n):
        out.append(s + timedelta(seconds=rnd.randrange(3600), microseconds=rnd.randrange(1_000_000)))
    return sorted(out)


def workload(vault, caller, reads, base, noise, old, window=None, until=None, challenges=True):
    """A workload reading around the clock: base±noise reads a baseline day, `window` in the detection window
    (default: base), `old` a day before the baseline, none from `until`. reads: [(op, kind, name, weight)]. A 401
    challenge precedes the day's first read (see challenge())."""
    for k, day in days():
        p = period(k)
        n = (base if window is None else window) if p == 'window' else base + rnd.randint(-noise, noise) if p == 'baseline' else old
        times = spread(day, n)
        if until is not None:
            times = [t for t in times if t < until]
        for i, t in enumerate(times):
            op, kind, name, _ = rnd.choices(reads, [r[3] for r in reads])[0]
            if i == 0 and challenges:
                challenge(t, vault, caller, op, kind, name)
            ev(t, vault, op, caller, kind, name)


def at(day_or_time, h=0, m=0, s=0):
    return day_or_time.replace(hour=h, minute=m, second=s, microsecond=rnd.randrange(1_000_000))


def d(y, mo, da, h=0, mi=0, s=0):
    return datetime(y, mo, da, h, mi, s, rnd.randrange(1_000_000), tzinfo=UTC)


def tokenstr(c):
    return f'appid={c.app};oid={c.oid};iss=https://sts.windows.net/{TENANT}/'


def rbac_denied(c, vault, action, obj):
    return ("Caller is not authorized to perform action on resource.\r\nIf role assignments, deny assignments or role "
            "definitions were changed recently, please observe propagation time.\r\nCaller: " + tokenstr(c) +
            f"\r\nAction: '{action}'\r\nResource: '{VAULTS[vault]['id'].lower()}/{obj}'\r\nAssignment: (not found)\r\n"
            f"Vault: {vault};location={VAULTS[vault]['location']}\r\n")


def firewall_denied(c, vault, ip):
    return (f"Client address is not authorized and caller is not a trusted service.\r\nClient address: {ip}\r\nCaller: "
            f"{tokenstr(c)}\r\nVault: {vault};location={VAULTS[vault]['location']}")


def private_denied(c, vault):
    return ("Public network access is disabled and request is not from a trusted service nor via an approved private "
            f"link.\r\nCaller: {tokenstr(c)}\r\nVault: {vault};location={VAULTS[vault]['location']}")


def policy_denied(c, vault, what):
    return (f"The user, group or application '{tokenstr(c)}' does not have {what} permission on key vault "
            f"'{vault};location={VAULTS[vault]['location']}'. For help resolving this issue, please see "
            "https://go.microsoft.com/fwlink/?linkid=2125287")


PAY, ORD, WEB, HR, ANA = 'kv-contoso-prod-payments', 'kv-contoso-prod-orders', 'kv-contoso-prod-web', 'kv-contoso-prod-hr', 'kv-contoso-analytics'
DEV, CERTS, PLAT, BAK = 'kv-contoso-dev-data', 'kv-contoso-shared-certs', 'kv-contoso-platform', 'kv-contoso-shared-backup'
LOGGED = [PAY, ORD, WEB, HR, ANA, DEV, CERTS, PLAT, BAK]
assert sorted(LOGGED) == sorted(VAULT_TABLE), VAULT_TABLE
HR_SILENT_FROM = datetime(2026, 11, 8, 17, 42, 14, tzinfo=UTC)                                 # audit-log-gap hit
BAK_PAUSE = (datetime(2026, 9, 10, 8, 0, tzinfo=UTC), datetime(2026, 9, 19, 15, 0, tzinfo=UTC))  # audit-log-gap near-miss


def is_monday(day):
    return (day + timedelta(hours=12)).weekday() == 0


# --- kv-contoso-prod-payments --------------------------------------------------------------------------------------
SECRET = ('SecretGet', 'secrets')
workload(PAY, C['payments-api'], [SECRET + ('stripe-api-key', 3), SECRET + ('db-connection-string', 3), SECRET + ('card-vault-token', 2)],
         base=14, noise=3, old=2)
workload(PAY, C['payments-api'], [('KeyUnwrap', 'keys', 'payments-cmk', 1)], base=3, noise=1, old=1)
for k, day in days():
    if is_monday(day):   # weekly config reload: the webhook secret and the TLS certificate's secret
        ev(at(day, 7, 3, 11), PAY, 'SecretGet', C['payments-api'], 'secrets', 'webhook-signing-secret')
        ev(at(day, 7, 3, 12), PAY, 'SecretGet', C['payments-api'], 'secrets', 'payments-tls')
    # the partner SFTP job reads its password every day at 14:02, after its expiry (2026-11-01) too
    t = at(day + timedelta(hours=8), 14, 2, rnd.randrange(60))
    challenge(t, PAY, C['partner-sftp'], name='partner-sftp-password')
    ev(t, PAY, 'SecretGet', C['partner-sftp'], 'secrets', 'partner-sftp-password')
# the window: payments-api also calls from a third pod address in its /24 (new-ip near-miss)
for e in EVENTS:
    if e['vault'] == PAY and e['caller'] is C['payments-api'] and e['t'] >= DETECT and e['t'].hour in (9, 15, 21):
        e['ip'] = '10.20.4.19'
# erin lists payments' secrets now and then (office hours), and on the window's evening backs one up
for dd in [d(2026, 9, 3, 9, 41), d(2026, 9, 29, 14, 5), d(2026, 10, 22, 10, 12), d(2026, 11, 5, 15, 30), d(2026, 11, 12, 8, 55)]:
    challenge(dd, PAY, C['erin'], 'SecretList', 'secrets')
    ev(dd, PAY, 'SecretList', C['erin'], path='secrets')
t = d(2026, 11, 19, 18, 5, 37)
challenge(t, PAY, C['erin'], 'SecretList', 'secrets')
ev(t, PAY, 'SecretList', C['erin'], path='secrets')
ev(d(2026, 11, 19, 18, 6, 12), PAY, 'SecretBackup', C['erin'], 'secrets', 'webhook-signing-secret', path='secrets/webhook-signing-secret/backup')

# --- kv-contoso-prod-orders (AZKVAuditLogs, Sentinel workspace) ------------------------------------------------------
workload(ORD, C['orders-api'], [SECRET + ('orders-db-password', 2), SECRET + ('courier-api-key', 1)], base=10, noise=2, old=2)
workload(ORD, C['courier'], [SECRET + ('courier-api-key', 2), SECRET + ('shipping-label-api-key', 1)], base=8, noise=2, old=2)
# label-bridge: an old .NET Framework client on a Windows Server 2012 R2 VM: TLS 1.1 (legacy-tls hit); it keeps its
# token for days, so no challenge rows (which would be anonymous TLS 1.1 calls)
workload(ORD, C['label-bridge'], [SECRET + ('shipping-label-api-key', 1)], base=6, noise=1, old=2, challenges=False)
# orders-worker: 12±2 reads a day; in the window a crash loop (13:00-18:00) restarts it 50 times, each restart a
# challenge and 3 reads of servicebus-connection (volume-spike hit)
workload(ORD, C['orders-worker'], [SECRET + ('servicebus-connection', 1)], base=10, noise=2, old=2)
for i in range(50):
    t = d(2026, 11, 19, 13, 0) + timedelta(seconds=i * 360 + rnd.randrange(60))
    ip = C['orders-worker'].ip()
    challenge(t, ORD, C['orders-worker'], name='servicebus-connection', ip=ip)
    for j in range(3):
        ev(t + timedelta(seconds=j * 2, milliseconds=rnd.randrange(900)), ORD, 'SecretGet', C['orders-worker'], 'secrets',
           'servicebus-connection', ip=ip)
# erp-sync reads legacy-erp-token twice a run, runs at 02, 06, 10, 14, 18, 22 (every other run before the baseline).
# Its Secrets User assignment was removed on 2026-11-19 at 23:10: its successful reads in the window are reads
# without a current grant on a vault groups cover (access-without-grant: unverifiable); the 02:00 run is denied
# and retries every 5 minutes, 12 times (denied-burst hit), then gives up.
for k, day in days():
    for h in (6, 10, 14, 18, 22, 26):
        t = day + timedelta(hours=h - 6, seconds=rnd.randrange(5), microseconds=rnd.randrange(1_000_000))
        if (period(k) == 'old' and h not in (6, 18)) or t >= d(2026, 11, 19, 23, 10):
            continue
        if h == 6:
            challenge(t, ORD, C['erp-sync'], name='legacy-erp-token')
        ev(t, ORD, 'SecretGet', C['erp-sync'], 'secrets', 'legacy-erp-token')
for i in range(12):
    t = d(2026, 11, 20, 2, 5 * i, 1)
    if i == 0:
        challenge(t, ORD, C['erp-sync'], name='legacy-erp-token', always=True)
    ev(t, ORD, 'SecretGet', C['erp-sync'], 'secrets', 'legacy-erp-token', status=403, assignment=None, rbac=False,
       desc=rbac_denied(C['erp-sync'], ORD, 'Microsoft.KeyVault/vaults/secrets/getSecret/action', 'secrets/legacy-erp-token'))
# invoice-batch: fortnightly, Fridays at 02:00 (last run in the baseline 2026-11-06; new-principal near-miss)
for run in [d(2026, 8, 28, 2), d(2026, 9, 11, 2), d(2026, 9, 25, 2), d(2026, 10, 9, 2), d(2026, 10, 23, 2), d(2026, 11, 6, 2), d(2026, 11, 20, 2)]:
    challenge(run, ORD, C['invoice-batch'], name='orders-db-password')
    for m in (0, 3, 7):
        ev(run + timedelta(minutes=m, seconds=rnd.randrange(60)), ORD, 'SecretGet', C['invoice-batch'], 'secrets', 'orders-db-password')
# orders-reporting: granted in 2024, its first read of orders ever is in the window (new-principal hit)
for h in range(9, 15):
    t = d(2026, 11, 19, h, 0, 4)
    if h == 9:
        challenge(t, ORD, C['orders-reporting'], name='orders-db-password')
    ev(t, ORD, 'SecretGet', C['orders-reporting'], 'secrets', 'orders-db-password')
# quarterly-reconcile: its last run was 85 days before --as-of (unused-grant near-miss)
t = d(2026, 8, 27, 3, 10, 22)
challenge(t, ORD, C['quarterly-reconcile'], name='orders-db-password')
ev(t, ORD, 'SecretGet', C['quarterly-reconcile'], 'secrets', 'orders-db-password')
ev(t + timedelta(minutes=2), ORD, 'SecretGet', C['quarterly-reconcile'], 'secrets', 'orders-db-password')
# bob (orders team, direct Secrets Officer): reads single secrets by name from the office now and then; every one of
# orders' 5 secrets at least once in the baseline. In the window, at 21:03 from 203.0.113.45, he lists the vault's
# secrets and reads all 5 within 10 minutes (list-then-get, mass-secret-read and new-ip hits)
ORDER_SECRETS = names(ORD, 'secrets')
bob_reads = [(d(2026, 8, 20, 9, 14), 'orders-db-password'), (d(2026, 9, 8, 13, 40), 'courier-api-key'),
             (d(2026, 10, 1, 10, 2), 'servicebus-connection'), (d(2026, 10, 21, 9, 30), 'orders-db-password'),
             (d(2026, 10, 27, 14, 11), 'courier-api-key'), (d(2026, 11, 2, 10, 45), 'shipping-label-api-key'),
             (d(2026, 11, 4, 15, 20), 'legacy-erp-token'), (d(2026, 11, 10, 8, 52), 'servicebus-connection'),
             (d(2026, 11, 13, 11, 7), 'orders-db-password'), (d(2026, 11, 17, 16, 25), 'courier-api-key')]
for t, name in bob_reads:
    challenge(t, ORD, C['bob'], name=name)
    ev(t, ORD, 'SecretGet', C['bob'], 'secrets', name)
t = d(2026, 11, 19, 21, 3, 12)
challenge(t, ORD, C['bob'], 'SecretList', 'secrets', ip='203.0.113.45')
ev(t, ORD, 'SecretList', C['bob'], path='secrets', ip='203.0.113.45')
for i, name in enumerate(['courier-api-key', 'shipping-label-api-key', 'orders-db-password', 'servicebus-connection', 'legacy-erp-token']):
    ev(t + timedelta(seconds=60 + i * 127), ORD, 'SecretGet', C['bob'], 'secrets', name, ip='203.0.113.45')
assert sorted(ORDER_SECRETS) == sorted(['courier-api-key', 'shipping-label-api-key', 'orders-db-password', 'servicebus-connection', 'legacy-erp-token'])

# --- kv-contoso-prod-web -------------------------------------------------------------------------------------------
WEB_READS = [SECRET + ('session-encryption-secret', 4), SECRET + ('recaptcha-secret', 2), SECRET + ('shop-contoso', 1), SECRET + ('cdn-purge-token', 1)]
workload(WEB, C['web-app'], WEB_READS, base=12, noise=5, old=2, window=8)
# the window's 10:02 release switches the app to the Key Vault configuration provider: each of its two instances
# lists the vault's secrets and loads all 4 (list-then-get near-miss: 4 < 5 distinct)
for ip, t in (('10.30.2.9', d(2026, 11, 19, 10, 2, 7)), ('10.30.2.10', d(2026, 11, 19, 10, 3, 41))):
    challenge(t, WEB, C['web-app'], 'SecretList', 'secrets', ip=ip)
    ev(t, WEB, 'SecretList', C['web-app'], path='secrets', ip=ip)
    for i, name in enumerate(['cdn-purge-token', 'recaptcha-secret', 'session-encryption-secret', 'shop-contoso']):
        ev(t + timedelta(milliseconds=300 + 180 * i), WEB, 'SecretGet', C['web-app'], 'secrets', name, ip=ip)

# --- kv-contoso-prod-hr (access policies; its events stop on 2026-11-08 at 17:42) --------------------------------------
workload(HR, C['hr-portal'], [SECRET + ('workday-api-token', 1)], base=6, noise=1, old=2)
for k, day in days():
    if period(k) == 'old' and k % 2:
        continue
    t = at(day + timedelta(hours=19), 1, 30, rnd.randrange(60))
    challenge(t, HR, C['payroll-batch'], 'SecretList', 'secrets')
    ev(t, HR, 'SecretList', C['payroll-batch'], path='secrets')
    ev(t + timedelta(seconds=2), HR, 'SecretGet', C['payroll-batch'], 'secrets', 'payroll-db-password')
    ev(t + timedelta(seconds=3), HR, 'SecretGet', C['payroll-batch'], 'secrets', 'payroll-sftp-key')
for t in (d(2026, 9, 1, 9, 0, 12), d(2026, 10, 1, 9, 0, 9), d(2026, 11, 2, 9, 0, 31)):
    challenge(t, HR, C['hr-admin'], 'SecretSet', 'secrets', 'workday-api-token')
    ev(t, HR, 'SecretSet', C['hr-admin'], 'secrets', 'workday-api-token')
ev(HR_SILENT_FROM - timedelta(seconds=1), HR, 'SecretGet', C['hr-portal'], 'secrets', 'workday-api-token')

# --- kv-contoso-analytics (AZKVAuditLogs, security workspace) -----------------------------------------------------
workload(ANA, C['adf-mi'], [('KeyUnwrap', 'keys', 'lake-cmk', 2), ('KeyWrap', 'keys', 'lake-cmk', 1)], base=8, noise=2, old=2)

# --- kv-contoso-dev-data --------------------------------------------------------------------------------------------
# synapse-mi: every 3 hours it reads synapse-sql-password. No assignment in the inventory grants it: its Secrets
# User assignment was removed on 2026-11-19 at 23:20 (access-without-grant hit); the 00:00 and 03:00 reads are denied.
for k, day in days():
    for h in range(0, 24, 3 if period(k) != 'old' else 6):
        t = day + timedelta(hours=h, seconds=rnd.randrange(4), microseconds=rnd.randrange(1_000_000))
        denied = t >= d(2026, 11, 19, 23, 20)
        if h == 0:
            challenge(t, DEV, C['synapse-mi'], name='synapse-sql-password')
        ev(t, DEV, 'SecretGet', C['synapse-mi'], 'secrets', 'synapse-sql-password', status=403 if denied else 200,
           desc=rbac_denied(C['synapse-mi'], DEV, 'Microsoft.KeyVault/vaults/secrets/getSecret/action', 'secrets/synapse-sql-password') if denied else '')
# dana (direct Key Vault Administrator) works in the portal on weekdays: lists secrets, opens the test data key,
# now and then the CMK. In the window she also opens synapse-sql-password (human-read hit), deletes an old test
# secret and tries to purge it: refused, purge protection is on (sensitive-operation near-miss).
for k, day in days():
    if k == 0 or (day + timedelta(hours=12)).weekday() >= 5 or rnd.random() < 0.4:
        continue
    t = at(day + timedelta(hours=6), rnd.randint(8, 15), rnd.randrange(60), rnd.randrange(60))
    challenge(t, DEV, C['dana'], 'SecretList', 'secrets')
    ev(t, DEV, 'SecretList', C['dana'], path='secrets')
    ev(t + timedelta(seconds=rnd.randint(20, 90)), DEV, 'SecretGet', C['dana'], 'secrets', 'test-data-storage-key')
    if rnd.random() < 0.3:
        ev(t + timedelta(seconds=rnd.randint(100, 300)), DEV, 'KeyGet', C['dana'], 'keys', 'dev-data-cmk')
t = d(2026, 11, 19, 10, 14, 2)
challenge(t, DEV, C['dana'], 'SecretList', 'secrets')
ev(t, DEV, 'SecretList', C['dana'], path='secrets')
ev(d(2026, 11, 19, 10, 15, 40), DEV, 'SecretGet', C['dana'], 'secrets', 'synapse-sql-password')
ev(d(2026, 11, 19, 10, 16, 5), DEV, 'SecretGet', C['dana'], 'secrets', 'test-data-storage-key')
ev(d(2026, 11, 19, 11, 2, 30), DEV, 'SecretDelete', C['dana'], 'secrets', 'old-test-secret')
ev(d(2026, 11, 19, 11, 3, 2), DEV, 'SecretPurge', C['dana'], path='deletedsecrets/old-test-secret', status=403,
   desc='Operation "purge" is not enabled for this vault.')
# the dev-app service principal's leaked secret is tried from a Tor exit node (192.0.2.66, listed) against two
# vaults: denied on both (listed-ip hit; denied-burst near-miss: 2 vaults < 3)
lk = C['leaked-dev-app']
ev(d(2026, 11, 20, 3, 12, 5), DEV, 'SecretList', lk, path='secrets', status=403,
   desc=rbac_denied(lk, DEV, 'Microsoft.KeyVault/vaults/secrets/readMetadata/action', 'secrets'))
ev(d(2026, 11, 20, 3, 12, 9), DEV, 'SecretGet', lk, 'secrets', 'synapse-sql-password', status=403,
   desc=rbac_denied(lk, DEV, 'Microsoft.KeyVault/vaults/secrets/getSecret/action', 'secrets/synapse-sql-password'))
ev(d(2026, 11, 20, 3, 12, 14), DEV, 'SecretGet', lk, 'secrets', 'test-data-storage-key', status=403,
   desc=rbac_denied(lk, DEV, 'Microsoft.KeyVault/vaults/secrets/getSecret/action', 'secrets/test-data-storage-key'))
ev(d(2026, 11, 20, 3, 14, 40), PLAT, 'SecretList', lk, path='secrets', status=403, desc=private_denied(lk, PLAT))
ev(d(2026, 11, 20, 3, 14, 44), PLAT, 'SecretGet', lk, 'secrets', 'github-app-private-key', status=403, desc=private_denied(lk, PLAT))

# --- kv-contoso-shared-certs -----------------------------------------------------------------------------------------
# cert-sync: every 2 hours at :17 it fetches one certificate (12 a day, exactly; every 4 hours before the baseline).
# In the window two fetches are retried: 14 (volume-spike near-miss: 12 + 3 x MAD floor 1 = 15)
SYNC = ['www-contoso', 'api-contoso', 'intranet-contoso']
i = 0
for k, day in days():
    for h in range(0, 24, 3 if period(k) != 'old' else 8):
        t = day + timedelta(hours=h, minutes=17, seconds=rnd.randrange(60), microseconds=rnd.randrange(1_000_000))
        if h == 0:
            challenge(t, CERTS, C['cert-sync'], 'CertificateGet', 'certificates', SYNC[i % 3])
        ev(t, CERTS, 'CertificateGet', C['cert-sync'], 'certificates', SYNC[i % 3])
        if period(k) == 'window' and t.hour in (9, 15):
            ev(t + timedelta(seconds=31), CERTS, 'CertificateGet', C['cert-sync'], 'certificates', SYNC[i % 3])
        i += 1
# build-signing is fetched only for releases: the last one 88 days before --as-of (dormant-object near-miss)
t = d(2026, 8, 24, 10, 12, 45)
challenge(t, CERTS, C['cert-sync'], 'CertificateGet', 'certificates', 'build-signing')
ev(t, CERTS, 'CertificateGet', C['cert-sync'], 'certificates', 'build-signing')

# --- kv-contoso-platform ---------------------------------------------------------------------------------------
# platform-terraform runs on GitHub-hosted runners: its calls come from the internet (20.61.4.0/24), every day, and
# succeed, although the vault says publicNetworkAccess Disabled (network-contradiction hit)
for k, day in days():
    for t in spread(day, 2 if period(k) != 'old' else 1, hours=range(7, 19)):
        challenge(t, PLAT, C['platform-terraform'], name='terraform-state-sas')
        ip = C['platform-terraform'].ip()
        ev(t, PLAT, 'SecretGet', C['platform-terraform'], 'secrets', 'terraform-state-sas', ip=ip)
        ev(t + timedelta(seconds=rnd.randint(20, 200)), PLAT, 'KeyDecrypt', C['platform-terraform'], 'keys', 'sops-key', ip=ip)
# ci-runner (self-hosted, hub network): the GitHub App key all day; the ACR admin password until 2026-11-11 12:00,
# the day before it expired (expired-object-read near-miss). In the window a job tries to decrypt with sops-key
# 9 times in 40 minutes: denied, it has Secrets User only (denied-burst near-miss: 9 < 10)
workload(PLAT, C['ci-runner'], [SECRET + ('github-app-private-key', 1)], base=8, noise=2, old=2)
workload(PLAT, C['ci-runner'], [SECRET + ('acr-admin-password', 1)], base=2, noise=0, old=1, until=d(2026, 11, 11, 12, 0))
for i in range(9):
    t = d(2026, 11, 19, 10, 5 + 5 * i, 3)
    ev(t, PLAT, 'KeyDecrypt', C['ci-runner'], 'keys', 'sops-key', status=403, rbac=False,
       desc=rbac_denied(C['ci-runner'], PLAT, 'Microsoft.KeyVault/vaults/keys/decrypt/action', 'keys/sops-key'))

# --- kv-contoso-shared-backup ----------------------------------------------------------------------------------------
# backup-svc wraps and unwraps with backup-kek at night; its client spoke TLS 1.0 until 2026-11-05 (legacy-tls
# near-miss: not in the window). Weekly KeyBackup of backup-kek, Wednesdays 23:00 (last 2026-11-18: the
# sensitive-operation near-miss, outside the window). Its events pause 2026-09-10 .. 09-19 (setting re-created).
for k, day in days():
    n = 6 + (rnd.randint(-1, 1) if period(k) == 'baseline' else 0) if period(k) != 'old' else 2
    times = spread(day, n, hours=range(1, 5))
    for j, t in enumerate(times):
        if j == 0:
            challenge(t, BAK, C['backup-svc'], 'KeyWrap', 'keys', 'backup-kek')
        ev(t, BAK, 'KeyWrap' if j % 2 == 0 else 'KeyUnwrap', C['backup-svc'], 'keys', 'backup-kek')
    if (day + timedelta(hours=12)).weekday() == 2:
        ev(at(day + timedelta(hours=12), 23, 0, rnd.randrange(30)), BAK, 'KeyBackup', C['backup-svc'], 'keys', 'backup-kek',
           path='keys/backup-kek/backup')
for e in EVENTS:   # its challenges too: they come from the same client
    if e['vault'] == BAK and e['tls'] == 'TLS1_0' and e['t'] >= d(2026, 11, 5, 12, 0):
        e['tls'] = 'TLS1_2'
        e['client'] = 'azsdk-net-Security.KeyVault.Keys/4.6.0 (.NET Framework 4.8.9261.0; Microsoft Windows 10.0.17763 )'

# --- the scanner (sp-kvaudit-scanner): weekly from its grant (2026-09-14), Mondays 05:30, and the export itself ---------
def scan(start):
    t = start
    for vault in [PAY, ORD, HR, WEB, ANA, DEV, CERTS, PLAT, BAK]:
        t += timedelta(seconds=rnd.randint(20, 50))
        sc = C['scanner']
        challenge(t, vault, sc, 'SecretList' if vault != ANA else 'CertificateList', 'secrets' if vault != ANA else 'certificates')
        if vault == HR:
            for n, (op, what) in enumerate([('SecretList', 'secrets list'), ('KeyList', 'keys list'), ('CertificateList', 'certificates list')]):
                ev(t + timedelta(seconds=n), vault, op, sc, path=op[:-4].lower() + 's', status=403, assignment=None,
                   desc=policy_denied(sc, vault, what))
            continue
        if vault == ANA:   # the firewall does not admit the hub network: secrets and keys were listed through ARM
            ev(t, vault, 'CertificateList', sc, path='certificates', status=403, assignment=None, addr='',
               desc=firewall_denied(sc, vault, sc.ips[0]))
            for n, key in enumerate(names(vault, 'keys')):
                ev(t + timedelta(seconds=1 + n), vault, 'KeyRotationPolicyGet', sc, 'keys', key, path=f'keys/{key}/rotationpolicy',
                   status=403, assignment=None, addr='', desc=firewall_denied(sc, vault, sc.ips[0]))
            continue
        ev(t, vault, 'SecretList', sc, path='secrets')
        n = 1
        for key in names(vault, 'keys'):
            ev(t + timedelta(seconds=n), vault, 'KeyRotationPolicyGet', sc, 'keys', key, path=f'keys/{key}/rotationpolicy')
            n += 1
        ev(t + timedelta(seconds=n), vault, 'CertificateList', sc, path='certificates')
        for cert in names(vault, 'certificates'):
            n += 1
            ev(t + timedelta(seconds=n), vault, 'CertificatePolicyGet', sc, 'certificates', cert, path=f'certificates/{cert}/policy')
        t += timedelta(seconds=n)


scan(d(2026, 9, 14, 13, 5))
for week in range(1, 10):   # Mondays 2026-09-21 .. 2026-11-16
    scan(d(2026, 9, 14, 5, 30) + timedelta(days=7 * week))
scan(d(2026, 11, 20, 5, 20))

# --- platform callers kvaudit ignores, and Event Grid notifications ----------------------------------------------------
for k, day in days():
    for vault in LOGGED:
        if period(k) == 'window' or (period(k) == 'baseline' and k % 2 == 0) or k % 7 == 0:
            t = spread(day, 1)[0]
            ev(t, vault, 'VaultGet', C['resource-graph'], path='', assignment=None)
        if period(k) == 'window' or (period(k) == 'baseline' and k % 3 == 0) or k % 14 == 0:
            t = spread(day, 1)[0]
            ev(t, vault, 'VaultGet', C['policy-insights'], path='', assignment=None)


for vault, kind, name, near in [(PAY, 'secrets', 'partner-sftp-password', True), (ORD, 'secrets', 'courier-api-key', True),
                                (ORD, 'secrets', 'shipping-label-api-key', True), (ORD, 'keys', 'archive-key', True),
                                (PLAT, 'secrets', 'acr-admin-password', True), (CERTS, 'certificates', 'api-contoso', True)]:
    exp = datetime.fromtimestamp(objects(vault, kind)[name]['exp'], UTC)
    op = {'secrets': 'Secret', 'keys': 'Key', 'certificates': 'Certificate'}[kind]
    for when, what in ((exp - timedelta(days=30), 'NearExpiry'), (exp, 'Expired')):
        if AS_OF - timedelta(days=SPAN_DAYS) <= when < AS_OF:
            ev(when + timedelta(seconds=rnd.randint(5, 90), microseconds=rnd.randrange(1_000_000)), vault, op + what + 'EventGridNotification', C['anonymous'],
               kind, name, ip='', tls='', assignment=None)

# --- the gaps: kv-contoso-prod-hr falls silent; kv-contoso-shared-backup pauses in September ---------------------------
EVENTS = [e for e in EVENTS if not (e['vault'] == HR and e['t'] >= HR_SILENT_FROM)
          and not (e['vault'] == BAK and BAK_PAUSE[0] <= e['t'] < BAK_PAUSE[1])
          and e['t'] >= AS_OF - timedelta(days=SPAN_DAYS)]

# ---------------------------------------------------------------------------------------------------------------
# Rows

AD_COLUMNS = [('TenantId', 'string'), ('TimeGenerated', 'datetime'), ('ResourceId', 'string'), ('Category', 'string'),
              ('ResourceProvider', 'string'), ('OperationName', 'string'), ('OperationVersion', 'string'),
              ('ResultType', 'string'), ('ResultSignature', 'string'), ('ResultDescription', 'string'), ('DurationMs', 'long'),
              ('CallerIPAddress', 'string'), ('identity_claim_oid_g', 'string'),
              ('identity_claim_http_schemas_microsoft_com_identity_claims_objectidentifier_g', 'string'),
              ('identity_claim_upn_s', 'string'), ('identity_claim_http_schemas_xmlsoap_org_ws_2005_05_identity_claims_upn_s', 'string'),
              ('identity_claim_appid_g', 'string'), ('id_s', 'string'), ('requestUri_s', 'string'), ('clientInfo_s', 'string'),
              ('httpStatusCode_d', 'real'), ('tlsVersion_s', 'string'), ('CorrelationId', 'string'), ('Type', 'string')]
KV_COLUMNS = [('TenantId', 'string'), ('TimeGenerated', 'datetime'), ('_ResourceId', 'string'), ('OperationName', 'string'),
              ('OperationVersion', 'string'), ('ResultType', 'string'), ('ResultSignature', 'string'), ('ResultDescription', 'string'),
              ('DurationMs', 'int'), ('CallerIpAddress', 'string'), ('Identity', 'dynamic'), ('Id', 'string'), ('RequestUri', 'string'),
              ('ClientInfo', 'string'), ('HttpStatusCode', 'int'), ('Tlsversion', 'string'), ('IsAddressAuthorized', 'bool'),
              ('AddressAuthorizationType', 'string'), ('IsRbacAuthorized', 'bool'), ('AppliedAssignmentId', 'string'),
              ('CorrelationId', 'string'), ('Type', 'string')]
SIGNATURE = {200: 'OK', 401: 'Unauthorized', 403: 'Forbidden'}
VERBS = {'SecretGet': '', 'SecretList': '', 'KeyUnwrap': '/unwrapkey', 'KeyWrap': '/wrapkey', 'KeyDecrypt': '/decrypt',
         'KeyGet': '', 'CertificateGet': '', 'SecretSet': '', 'SecretDelete': '', 'SecretBackup': '', 'KeyBackup': ''}


def uris(e):
    """The event's object id (id_s / Id) and request URI (requestUri_s / RequestUri)."""
    base = VAULTS[e['vault']]['properties']['vaultUri'].rstrip('/')
    if e['op'] == 'VaultGet':
        return base + '/', f"https://control-prod-weu.vaultcore.azure.net{VAULTS[e['vault']]['id'].lower()}?api-version={e['version']}"
    if e['path'] is not None:
        path = e['path']
    else:
        path = f"{e['kind']}/{e['name']}" + ('/' if e['op'] in ('SecretGet', 'KeyGet', 'CertificateGet') else '') + VERBS.get(e['op'], '')
    obj = f"{base}/{e['kind']}/{e['name']}" if e['kind'] and e['name'] else f'{base}/{path}'
    if e['caller'] is C['anonymous'] and e['status'] != 401:
        return obj, ''
    return obj, f"{base}/{path}?api-version={e['version'] or '7.5'}"


def identity(c):
    if c.oid is None and c.app is None and c.upn is None:
        return {}
    out = {}
    if c.oid:
        out['oid' if c.claims != 'long' else 'http://schemas.microsoft.com/identity/claims/objectidentifier'] = c.oid
    if c.upn:
        out['upn' if c.claims != 'long' else 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn'] = c.upn
    if c.app:
        out['appid'] = c.app
    if c.oid:
        out['idtyp'] = c.idtyp
    return {'claim': out}


def duration(e):
    return rnd.randint(1, 4) if e['status'] in (401, 403) else rnd.randint(5, 40) if e['op'].startswith('Key') and e['op'] != 'KeyRotationPolicyGet' else rnd.randint(3, 25)


def ad_row(e):
    c = e['caller']
    obj, req = uris(e)
    anon = c.oid is None and c.app is None and c.upn is None
    oid_short = c.oid if not anon and c.claims in ('short', 'both') else None
    oid_long = c.oid if not anon and c.claims in ('long', 'both') else None
    upn_short = c.upn if c.upn and c.claims != 'long' else None
    upn_long = c.upn if c.upn and c.claims == 'long' else None
    return [WORKSPACES[VAULT_TABLE[e['vault']][0]][1], ts(e['t']), VAULTS[e['vault']]['id'].upper(), 'AuditEvent',
            'MICROSOFT.KEYVAULT', e['op'], e['version'], 'Success', SIGNATURE[e['status']], e['desc'], duration(e), e['ip'],
            oid_short, oid_long, upn_short, upn_long, None if anon else c.app, obj, req, e['client'], e['status'], e['tls'] or None,
            '', 'AzureDiagnostics']


def addr_type(e):
    if e['addr'] is not None:
        return e['addr'] or None
    if e['status'] == 401 or e['caller'] is C['anonymous'] or e['op'] == 'VaultGet':
        return None
    ip = e['ip']
    return 'PublicIP' if not ip.startswith('10.') else 'Subnet'


def kv_row(e):
    c = e['caller']
    obj, req = uris(e)
    anon = c.oid is None and c.app is None and c.upn is None
    ident = identity(c)
    denied_by_network = e['addr'] == ''
    return [WORKSPACES[VAULT_TABLE[e['vault']][0]][1], ts(e['t']), VAULTS[e['vault']]['id'].lower(), e['op'],
            e['version'], 'Success', SIGNATURE[e['status']], e['desc'], duration(e), e['ip'],
            json.dumps(ident, separators=(',', ':')) if ident else '', obj, req, e['client'], e['status'], e['tls'] or None,
            None if anon and e['status'] != 401 else not denied_by_network, addr_type(e),
            e['rbac'] if e['rbac'] is not None else (True if e['status'] == 200 and not anon and e['op'] != 'VaultGet' else None),
            e['assignment'] if e['status'] == 200 else None,
            '', 'AZKVAuditLogs']


def write_logs():
    os.makedirs(LOGS, exist_ok=True)
    for old in glob.glob(os.path.join(LOGS, '*.json')):
        os.remove(old)
    files = {}
    for e in sorted(EVENTS, key=lambda e: (e['t'], e['vault'], e['op'])):
        ws, table = VAULT_TABLE[e['vault']]
        files.setdefault((ws, table), []).append(e)
    summary = []
    for (ws, table), evs in sorted(files.items()):
        name = f"{WORKSPACES[ws][0]}-{table.lower()}.json"
        cols = AD_COLUMNS if table == 'AzureDiagnostics' else KV_COLUMNS
        rows = [(ad_row if table == 'AzureDiagnostics' else kv_row)(e) for e in evs]
        with open(os.path.join(LOGS, name), 'w') as f:
            f.write('{"tables":[{"name":"PrimaryResult","columns":[\n')
            f.write(',\n'.join(json.dumps({'name': n, 'type': t}) for n, t in cols))
            f.write('\n],"rows":[\n')
            f.write(',\n'.join(json.dumps(r, separators=(',', ':'), ensure_ascii=False) for r in rows))
            f.write('\n]}]}\n')
        summary.append((name, len(rows), os.path.getsize(os.path.join(LOGS, name)), evs[0]['t'], evs[-1]['t'],
                        sorted({e['vault'] for e in evs})))
    body = {'value': [{'id': ws, 'name': n, 'type': 'Microsoft.OperationalInsights/workspaces', 'location': 'westeurope',
                       'properties': {'customerId': cid, 'provisioningState': 'Succeeded', 'sku': {'name': 'PerGB2018'},
                                      'retentionInDays': ret, 'publicNetworkAccessForIngestion': 'Enabled',
                                      'publicNetworkAccessForQuery': 'Enabled'}}
                      for ws, (n, cid, ret) in sorted(WORKSPACES.items())]}
    with open(os.path.join(LOGS, 'workspaces.json'), 'w') as f:
        json.dump(body, f, indent=2)
        f.write('\n')
    total = 0
    for name, n, size, first, last, vaults in summary:
        total += size
        print(f'logs/{name}: {n} rows, {size / 1e6:.2f} MB, {first:%Y-%m-%d %H:%M} .. {last:%Y-%m-%d %H:%M}, {", ".join(v.replace("kv-contoso-", "") for v in vaults)}')
    print(f'logs/workspaces.json; logs/ total {total / 1e6:.2f} MB')


# ---------------------------------------------------------------------------------------------------------------
# The stories, and checking a scan's results.json against them

def vid(name):
    return VAULTS[name]['id'].lower()


# (detector, kind, vault, object, principal, story). kind: hit = must FAIL; miss = must not FAIL (near-miss);
# also = a further FAIL the data implies (listed so that it is not taken for a false positive).
STORIES = [
    ('activity-mass-secret-read', 'hit', ORD, None, C['bob'], 'bob reads all 5 of orders\' secrets at 21:03-21:12 (5 of 5 >= 50%)'),
    ('activity-mass-secret-read', 'miss', PAY, None, C['payments-api'], 'payments-api reads 3 of payments\' 8 secrets (3 < 4)'),
    ('activity-mass-secret-read', 'miss', ORD, None, C['orders-api'], 'orders-api reads 2 of orders\' 5 secrets (2 < 2.5)'),
    ('activity-volume-spike', 'hit', ORD, None, C['orders-worker'], 'orders-worker: 150+12 reads in the window against 12±2 a day'),
    ('activity-volume-spike', 'also', ORD, None, None, 'the orders vault as a whole (the crash loop)'),
    ('activity-volume-spike', 'miss', CERTS, None, C['cert-sync'], 'cert-sync: 14 against a flat 12 (12 + 3 x floor 1 = 15)'),
    ('activity-volume-spike', 'miss', WEB, None, C['web-app'], 'web-app: 20 (12 + the release\'s 8) against 16±6'),
    ('activity-list-then-get', 'hit', ORD, None, C['bob'], 'bob lists at 21:03 and gets 5 distinct secrets by 21:12; never listed before'),
    ('activity-list-then-get', 'miss', WEB, None, C['web-app'], 'web-app lists at 10:02 and gets 4 distinct (the vault holds 4)'),
    ('activity-sensitive-operation', 'hit', PAY, 'secrets/webhook-signing-secret', C['erin'], 'erin\'s SecretBackup at 18:06'),
    ('activity-sensitive-operation', 'miss', BAK, 'keys/backup-kek', C['backup-svc'], 'weekly KeyBackup, last 2026-11-18 23:00 (baseline)'),
    ('activity-sensitive-operation', 'miss', DEV, None, C['dana'], 'dana\'s SecretPurge at 11:03 refused (403, purge protection)'),
    ('activity-new-principal', 'hit', ORD, None, C['orders-reporting'], 'orders-reporting\'s first read of orders ever, 09:00'),
    ('activity-new-principal', 'miss', ORD, None, C['invoice-batch'], 'invoice-batch, fortnightly: last baseline run 2026-11-06'),
    ('activity-new-ip', 'hit', ORD, None, C['bob'], 'bob from 203.0.113.45; his baseline is 10.10.8.0/24'),
    ('activity-new-ip', 'miss', PAY, None, C['payments-api'], 'payments-api from 10.20.4.19: a new address in its known /24'),
    ('activity-denied-burst', 'hit', ORD, None, C['erp-sync'], 'erp-sync: 12 x 403 between 02:00 and 02:55'),
    ('activity-denied-burst', 'miss', PLAT, None, C['ci-runner'], 'ci-runner: 9 x 403 (KeyDecrypt sops-key) 10:05-10:45'),
    ('activity-denied-burst', 'miss', DEV, None, C['leaked-dev-app'], 'the leaked dev-app credential: denied on 2 vaults (< 3)'),
    ('activity-listed-ip', 'hit', DEV, None, C['leaked-dev-app'], '192.0.2.66 (listed) at 03:12, 403'),
    ('activity-listed-ip', 'hit', PLAT, None, C['leaked-dev-app'], '192.0.2.66 (listed) at 03:14, 403'),
    ('activity-listed-ip', 'miss', DEV, None, C['dana'], 'dana from 198.51.100.40, next to the listed 198.51.100.32/29'),
    ('activity-legacy-tls', 'hit', ORD, None, C['label-bridge'], 'label-bridge speaks TLS1_1'),
    ('activity-legacy-tls', 'miss', BAK, None, C['backup-svc'], 'backup-svc spoke TLS1_0 until 2026-11-05, TLS1_2 since'),
    ('activity-legacy-tls', 'miss', WEB, None, C['web-app'], 'web-app speaks TLS1_3'),
    ('activity-dormant-object', 'hit', ANA, 'secrets/lake-sas-token', None, 'created 2025-11-20, enabled, never read'),
    ('activity-dormant-object', 'also', ORD, 'keys/orders-data-key', None, 'no key role on orders but the admin groups; no key operation in 95 days'),
    ('activity-dormant-object', 'also', ORD, 'keys/orders-signing', None, 'as orders-data-key'),
    ('activity-dormant-object', 'also', ORD, 'keys/archive-key', None, 'as orders-data-key'),
    ('activity-dormant-object', 'miss', CERTS, 'certificates/build-signing', None, 'last read 2026-08-24, 88 days before --as-of'),
    ('activity-dormant-object', 'miss', ANA, 'secrets/adf-sql-password', None, 'never read, but 39 days old'),
    ('activity-expired-object-read', 'hit', PAY, 'secrets/partner-sftp-password', C['partner-sftp'], 'read at 14:02; expired 2026-11-01'),
    ('activity-expired-object-read', 'miss', PLAT, 'secrets/acr-admin-password', C['ci-runner'], 'last read 2026-11-11, the day before it expired'),
    ('activity-expired-object-read', 'miss', ORD, 'secrets/courier-api-key', None, 'read in the window; expires 2026-12-02'),
    ('activity-access-without-grant', 'hit', DEV, None, C['synapse-mi'], 'synapse-mi reads synapse-sql-password; no assignment grants it'),
    ('activity-access-without-grant', 'miss', ORD, None, C['erp-sync'], 'erp-sync: no grant of its own, but groups cover orders: unverifiable'),
    ('activity-access-without-grant', 'miss', PAY, None, C['partner-sftp'], 'partner-sftp: Secrets User scoped to the one secret it reads'),
    ('activity-unused-grant', 'hit', ORD, None, '55b35ee1-0e5e-49bc-9a74-790ea1e6efd2', 'Secrets User since 2025-05-20, no call in 95 days'),
    ('activity-unused-grant', 'also', PAY, None, 'c04f7f9d-3ff5-40ef-b7a0-82f993c9eaf1', 'the orphaned assignment (deleted principal) makes no call'),
    ('activity-unused-grant', 'miss', ORD, None, C['quarterly-reconcile'], 'quarterly-reconcile: last call 2026-08-27, 85 days before'),
    ('activity-human-read-of-workload-secret', 'hit', DEV, 'secrets/synapse-sql-password', C['dana'], 'only synapse-mi read it in the baseline'),
    ('activity-human-read-of-workload-secret', 'miss', ORD, None, C['bob'], 'bob read each of orders\' secrets in the baseline too'),
    ('activity-audit-log-gap', 'hit', HR, None, None, 'last event 2026-11-08 17:42:13, 11.5 days before --as-of'),
    ('activity-audit-log-gap', 'miss', BAK, None, None, 'a 9-day pause in September that ended'),
    ('activity-network-contradiction', 'hit', PLAT, None, C['platform-terraform'], 'successful calls from 20.61.4.0/24; publicNetworkAccess Disabled'),
    ('activity-network-contradiction', 'miss', PLAT, None, C['ci-runner'], 'ci-runner from 10.0.5.21 (private)'),
    ('activity-network-contradiction', 'miss', PLAT, None, C['leaked-dev-app'], '192.0.2.66 is public, but its calls were denied'),
]


def principal_of(p):
    return None if p is None else p if isinstance(p, str) else p.oid


def matches(r, vault, obj, oid):
    text = json.dumps(r)
    rid = r.get('resourceId', '')
    if not rid.startswith(vid(vault)):
        return False
    if obj and not (rid.endswith('/' + obj) or obj.split('/')[-1] in text):
        return False
    if oid and oid not in text:
        return False
    return True


def check(path):
    body = json.load(open(path))
    activity = [r for r in body['results'] if r.get('ruleId', '').startswith('activity-')]
    ran = {r['ruleId'] for r in activity} | {r.get('id') for r in body.get('rules', []) if r.get('id', '').startswith('activity-')}
    fails = [r for r in activity if r.get('status') == 'FAIL']
    explained, bad = set(), 0
    for det, kind, vault, obj, who, story in STORIES:
        oid = principal_of(who)
        hit = [r for r in fails if r['ruleId'] == det and matches(r, vault, obj, oid)]
        explained.update(id(r) for r in hit)
        label = f"{det:40} {kind:4} {vault.replace('kv-contoso-', ''):15} {obj or '':32} {(who.key if isinstance(who, Caller) else who or '')[:20]:20}"
        if det not in ran:
            print(f'  not run   {label}')
            continue
        ok = bool(hit) if kind == 'hit' else not hit if kind == 'miss' else True
        bad += not ok
        state = ('FAIL' if hit else 'no FAIL')
        print(f"{'  ok ' if ok else 'WRONG'}     {label} {state}{'' if ok else '  <- ' + story}")
    for r in fails:
        if id(r) not in explained:
            bad += 1
            print(f"UNEXPECTED FAIL {r['ruleId']} {r['resourceId']} {r.get('message', '')[:120]}")
    print('all stories hold' if not bad else f'{bad} difference(s)')
    return 1 if bad else 0


if __name__ == '__main__':
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--check', metavar='RESULTS_JSON', help='compare a scan\'s results.json with the planted stories')
    a = ap.parse_args()
    if a.check:
        sys.exit(check(a.check))
    write_logs()
