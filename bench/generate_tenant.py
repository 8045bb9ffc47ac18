#!/usr/bin/env python3
"""Writes a synthetic tenant snapshot (docs/snapshot-format.md) for the benchmark.

Default size: 200 subscriptions, 5,000 vaults, 250,000 secrets/keys/certificates (40/35/25 %), 40,000 role
assignments; every key has a rotation policy and every certificate a policy, as a full collection would give.
Deterministic for a given --seed. Roughly 10-30 % of objects break some rule, as in a real estate.
logs/ holds --log-events raw Key Vault audit events over the last --log-days days, half as AzureDiagnostics rows and
half as AZKVAuditLogs rows (Log Analytics query responses, 50,000 rows a file): heavy-tailed per vault (a few busy
vaults carry most reads), workload identities reading their own few secrets from their subnet with a daily rhythm,
a few people, platform VaultGet calls, and a sprinkling of denied calls.
Each subscription has one Log Analytics workspace (rg-mon/law-audit, retention 90 days; Azure's workspace names have 4-63 characters), the one its vaults' diagnostic settings
name: logs/workspaces.json lists them (a Workspaces_List body, as an export writes it) and every row's TenantId is its
vault's workspace's customerId, so the fake Azure can serve the rows through the Log Analytics query API. The vaults
whose rows are AZKVAuditLogs rows say so in their diagnostic setting (logAnalyticsDestinationType Dedicated).
"""
import argparse, json, os, random, time, uuid

p = argparse.ArgumentParser()
p.add_argument('out')
p.add_argument('--subscriptions', type=int, default=200)
p.add_argument('--vaults', type=int, default=5000)
p.add_argument('--objects', type=int, default=250000)
p.add_argument('--role-assignments', type=int, default=40000)
p.add_argument('--seed', type=int, default=42)
p.add_argument('--log-events', type=int, default=1000000, help='raw audit events in logs/ (0: no logs/)')
p.add_argument('--log-days', type=int, default=31, help='days of logs before --as-of')
a = p.parse_args()
rnd = random.Random(a.seed)
NOW = 1795154400  # 2026-11-20T06:00:00Z (the tenant's capturedAt and the benchmark's --as-of)
DAY = 86400
TENANT = '72f988bf-0000-4000-8000-00000000be0c'
def gid(): return str(uuid.UUID(int=rnd.getrandbits(128), version=4))
# the workspaces' customerIds come from their own generator, so every draw of rnd (and all it made before) is unchanged
ws_rnd = random.Random(f'{a.seed}-workspaces')
written = [0, 0]
def put(rel, body):
    path = os.path.join(a.out, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    data = json.dumps(body, separators=(',', ':'))
    with open(path, 'w') as f: f.write(data)
    written[0] += 1; written[1] += len(data)

ROLES = {  # real built-in role GUIDs and the permissions that matter to the rules
 'Owner': ('8e3af657-a8ff-443c-a75c-2fe8c4bcb635', ['*'], [], [], []),
 'Contributor': ('b24988ac-6180-42a0-ab88-20f7382dd24c', ['*'], ['Microsoft.Authorization/*/Delete', 'Microsoft.Authorization/*/Write', 'Microsoft.Authorization/elevateAccess/Action'], [], []),
 'Reader': ('acdd72a7-3385-48ef-bd42-f606fba81ae7', ['*/read'], [], [], []),
 'Key Vault Administrator': ('00482a5a-887f-4fb3-b363-3b7fe8e74483', ['Microsoft.KeyVault/vaults/*/read'], [], ['Microsoft.KeyVault/vaults/*'], []),
 'Key Vault Reader': ('21090545-7ca7-4776-b22c-e363652d74d2', ['Microsoft.KeyVault/vaults/*/read'], [], ['Microsoft.KeyVault/vaults/*/read', 'Microsoft.KeyVault/vaults/secrets/readMetadata/action'], []),
 'Key Vault Secrets User': ('4633458b-17de-408a-b874-0445c86b69e6', [], [], ['Microsoft.KeyVault/vaults/secrets/getSecret/action', 'Microsoft.KeyVault/vaults/secrets/readMetadata/action'], []),
 'Key Vault Secrets Officer': ('b86a8fe4-44ce-4948-aee5-eccb2c155cd7', ['Microsoft.KeyVault/vaults/*/read'], [], ['Microsoft.KeyVault/vaults/secrets/*'], []),
 'Key Vault Crypto Officer': ('14b46e9e-c2b7-41b4-b07b-48a6ebf60603', ['Microsoft.KeyVault/vaults/*/read'], [], ['Microsoft.KeyVault/vaults/keys/*'], []),
}
ROLE_WEIGHTS = [('Reader', 30), ('Key Vault Secrets User', 25), ('Key Vault Reader', 15), ('Contributor', 10), ('Key Vault Secrets Officer', 8),
                ('Key Vault Crypto Officer', 5), ('Key Vault Administrator', 4), ('Owner', 2), ('custom', 1)]
def pick_role(): return rnd.choices([r for r, _ in ROLE_WEIGHTS], [w for _, w in ROLE_WEIGHTS])[0]

start = time.time()
subs = [gid() for _ in range(a.subscriptions)]
customer_ids = {s: str(uuid.UUID(int=ws_rnd.getrandbits(128), version=4)) for s in subs}
def workspace_id(sub): return f'/subscriptions/{sub}/resourceGroups/rg-mon/providers/Microsoft.OperationalInsights/workspaces/law-audit'
put('snapshot.json', {'formatVersion': 1, 'tenantId': TENANT, 'capturedAt': '2026-11-20T06:00:00Z', 'cloud': 'AzureCloud'})
put('subscriptions.json', {'value': [{'id': f'/subscriptions/{s}', 'subscriptionId': s, 'tenantId': TENANT, 'displayName': f'bench-{i:03d}', 'state': 'Enabled'} for i, s in enumerate(subs)]})

# uneven but deterministic object counts: most vaults 10-60 objects, a few with ~1,000
weights = [rnd.choice([1] * 30 + [2] * 8 + [20]) * rnd.uniform(0.4, 1.6) for _ in range(a.vaults)]
scale = a.objects / sum(weights)
counts = [max(1, int(w * scale)) for w in weights]
counts[0] += a.objects - sum(counts)
vault_ids = []
for vi in range(a.vaults):
    sub = subs[vi % a.subscriptions]
    rg = f'rg-{vi % 7}'
    name = f'kvb{vi:05d}'
    vault_ids.append((sub, rg, name))

objects = [0, 0, 0]
for si, sub in enumerate(subs):
    vs = [v for v in vault_ids if v[0] == sub]
    body = []
    for (_, rg, name) in vs:
        r = rnd.random()
        rbac = r < 0.75
        public = rnd.random() < 0.4
        props = {'tenantId': TENANT, 'sku': {'family': 'A', 'name': 'premium' if rnd.random() < 0.2 else 'standard'},
                 'enableSoftDelete': rnd.random() > 0.02, 'softDeleteRetentionInDays': rnd.choice([90, 90, 90, 30, 7]),
                 'enableRbacAuthorization': rbac, 'publicNetworkAccess': 'Enabled' if public else 'Disabled',
                 'vaultUri': f'https://{name}.vault.azure.net/', 'provisioningState': 'Succeeded',
                 'accessPolicies': [] if rbac else [{'tenantId': TENANT, 'objectId': gid(), 'permissions': {'keys': ['get'], 'secrets': rnd.choice([['get', 'list'], ['all']]), 'certificates': []}} for _ in range(rnd.randint(1, 6))]}
        if rnd.random() < 0.8: props['enablePurgeProtection'] = True
        if public: props['networkAcls'] = {'bypass': 'AzureServices', 'defaultAction': rnd.choice(['Deny', 'Deny', 'Allow']), 'ipRules': [{'value': rnd.choice(['203.0.113.0/24', '198.51.100.7', '10.0.0.0/8'])}], 'virtualNetworkRules': []}
        if not public: props['privateEndpointConnections'] = [{'id': f'/subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.KeyVault/vaults/{name}/privateEndpointConnections/pe', 'properties': {'privateEndpoint': {'id': f'/subscriptions/{sub}/resourceGroups/rg-net/providers/Microsoft.Network/privateEndpoints/{name}-pe'}, 'privateLinkServiceConnectionState': {'status': 'Approved'}, 'provisioningState': 'Succeeded'}}]
        tags = {'owner': 'team@contoso.com', 'environment': 'prod'} if rnd.random() < 0.7 else {'owner': 'team@contoso.com'}
        body.append({'id': f'/subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.KeyVault/vaults/{name}', 'name': name, 'type': 'Microsoft.KeyVault/vaults', 'location': 'westeurope', 'tags': tags, 'properties': props})
    put(f'subscriptions/{sub}/vaults.json', {'value': body})

    # role assignments and definitions for this subscription
    n_ra = a.role_assignments // a.subscriptions + (1 if si < a.role_assignments % a.subscriptions else 0)
    custom_guid = gid()
    defs = [{'id': f'/subscriptions/{sub}/providers/Microsoft.Authorization/roleDefinitions/{g}', 'name': g, 'type': 'Microsoft.Authorization/roleDefinitions',
             'properties': {'roleName': n, 'type': 'BuiltInRole', 'assignableScopes': ['/'], 'permissions': [{'actions': ac, 'notActions': na, 'dataActions': da, 'notDataActions': nd}]}} for n, (g, ac, na, da, nd) in ROLES.items()]
    defs.append({'id': f'/subscriptions/{sub}/providers/Microsoft.Authorization/roleDefinitions/{custom_guid}', 'name': custom_guid, 'type': 'Microsoft.Authorization/roleDefinitions',
                 'properties': {'roleName': 'Vault Operator (custom)', 'type': 'CustomRole', 'assignableScopes': [f'/subscriptions/{sub}'], 'permissions': [{'actions': ['Microsoft.KeyVault/vaults/read'], 'notActions': [], 'dataActions': ['Microsoft.KeyVault/*'], 'notDataActions': []}]}})
    put(f'subscriptions/{sub}/roleDefinitions.json', {'value': defs})
    ras = []
    for k in range(n_ra):
        role = pick_role()
        guid = custom_guid if role == 'custom' else ROLES[role][0]
        s = rnd.random()
        if s < 0.02: scope = '/providers/Microsoft.Management/managementGroups/bench-root'
        elif s < 0.10: scope = f'/subscriptions/{sub}'
        elif s < 0.30: scope = f'/subscriptions/{sub}/resourceGroups/rg-{rnd.randrange(7)}'
        elif s < 0.95 and vs: v = rnd.choice(vs); scope = f'/subscriptions/{sub}/resourceGroups/{v[1]}/providers/Microsoft.KeyVault/vaults/{v[2]}'
        else: scope = f'/subscriptions/{sub}/resourceGroups/rg-data/providers/Microsoft.Storage/storageAccounts/stbench{k}'
        aid = gid()
        ras.append({'id': f'{scope}/providers/Microsoft.Authorization/roleAssignments/{aid}', 'name': aid, 'type': 'Microsoft.Authorization/roleAssignments',
                    'properties': {'roleDefinitionId': f'/subscriptions/{sub}/providers/Microsoft.Authorization/roleDefinitions/{guid}', 'principalId': gid(),
                                   'principalType': rnd.choices(['Group', 'ServicePrincipal', 'User', 'Unknown'], [50, 35, 13, 2])[0], 'scope': scope, 'createdOn': '2025-05-01T10:00:00.0000000Z'}})
    put(f'subscriptions/{sub}/roleAssignments.json', {'value': ras})
    put(f'subscriptions/{sub}/defenderPricings.json', {'value': [{'id': f'/subscriptions/{sub}/providers/Microsoft.Security/pricings/KeyVaults', 'name': 'KeyVaults', 'type': 'Microsoft.Security/pricings', 'properties': {'pricingTier': 'Standard' if rnd.random() < 0.7 else 'Free'}}]})

def attrs(created_days, exp_days=None, enabled=True):
    at = {'enabled': enabled, 'created': NOW - created_days * DAY, 'updated': NOW - created_days * DAY, 'recoveryLevel': 'Recoverable+Purgeable'}
    if exp_days is not None: at['exp'] = NOW + exp_days * DAY
    return at
for vi, (sub, rg, name) in enumerate(vault_ids):
    d = f'vaults/{name}'
    n = counts[vi]
    ns, nk = int(n * 0.40), int(n * 0.35)
    nc = n - ns - nk
    objects[0] += ns; objects[1] += nk; objects[2] += nc
    if rnd.random() < 0.01:  # a few vaults whose data plane refuses the scanner
        err = {'error': {'code': 'Forbidden', 'message': 'Caller is not authorized to perform action on resource.', 'innererror': {'code': 'ForbiddenByRbac'}}}
        put(f'{d}/secrets.json', err); put(f'{d}/keys.json', err); put(f'{d}/certificates.json', err)
    else:
        put(f'{d}/secrets.json', {'value': [{'id': f'https://{name}.vault.azure.net/secrets/s{i}', 'contentType': 'text/plain' if rnd.random() < 0.9 else None,
            'attributes': attrs(rnd.choice([5, 20, 40, 45, 50, 90]), rnd.choice([30, 60, 120, 200, 300, 300, None] if rnd.random() < 0.97 else [-3]))} for i in range(ns)]})
        keys = []
        for i in range(nk):
            kty = rnd.choices(['RSA', 'RSA-HSM', 'EC'], [60, 30, 10])[0]
            props = {'attributes': attrs(rnd.choice([10, 30, 90, 200]), rnd.choice([60, 200, 365, None])), 'kty': kty,
                     'keyUri': f'https://{name}.vault.azure.net/keys/k{i}'}
            if kty == 'EC': props['curveName'] = 'P-256'
            else: props['keySize'] = rnd.choice([2048, 2048, 3072, 4096, 1024] if rnd.random() < 0.9 else [2048])
            keys.append({'id': f'/subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.KeyVault/vaults/{name}/keys/k{i}', 'name': f'k{i}', 'type': 'Microsoft.KeyVault/vaults/keys', 'properties': props})
            acts = [{'trigger': {'timeAfterCreate': rnd.choice(['P90D', 'P180D', 'P1Y', 'P2Y'])}, 'action': {'type': 'Rotate'}}] if rnd.random() < 0.8 else []
            acts.append({'trigger': {'timeBeforeExpiry': 'P30D'}, 'action': {'type': 'Notify'}})
            put(f'{d}/keys/k{i}/rotationpolicy.json', {'id': f'https://{name}.vault.azure.net/keys/k{i}/rotationpolicy', 'lifetimeActions': acts, 'attributes': {'expiryTime': 'P2Y', 'created': NOW - 100 * DAY, 'updated': NOW - 100 * DAY}})
        put(f'{d}/keys.json', {'value': keys})
        certs = []
        for i in range(nc):
            certs.append({'id': f'https://{name}.vault.azure.net/certificates/c{i}', 'x5t': 'fLi3U52HunIVNXubkEnf8tP6Wbo', 'attributes': attrs(rnd.choice([30, 100, 300]), rnd.choice([10, 60, 200, 330]))})
            put(f'{d}/certificates/c{i}/policy.json', {'id': f'https://{name}.vault.azure.net/certificates/c{i}/policy', 'key_props': {'exportable': True, 'kty': 'RSA', 'key_size': rnd.choice([2048, 2048, 4096]), 'reuse_key': False},
                'x509_props': {'subject': f'CN=c{i}.contoso.com', 'validity_months': rnd.choice([12, 12, 12, 24])}, 'lifetime_actions': [{'trigger': {'days_before_expiry': 30}, 'action': {'action_type': rnd.choice(['AutoRenew', 'AutoRenew', 'EmailContacts'])}}],
                'issuer': {'name': rnd.choice(['DigiCert', 'DigiCert', 'Self'])}, 'attributes': {'enabled': True}})
        put(f'{d}/certificates.json', {'value': certs})
    settings = []
    if not rnd.random() < 0.1:
        dest = 'workspaceId' if rnd.random() < 0.8 else 'storageAccountId'
        props = {dest: workspace_id(sub), 'logs': [{'categoryGroup': 'audit', 'enabled': True}]}
        if dest == 'workspaceId' and vi % 2 == 1: props['logAnalyticsDestinationType'] = 'Dedicated'  # its rows are AZKVAuditLogs rows (below)
        settings.append({'id': f'/subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.KeyVault/vaults/{name}/providers/microsoft.insights/diagnosticSettings/audit', 'name': 'audit',
                         'properties': props})
    put(f'{d}/diagnosticSettings.json', {'value': settings})

# --- access logs: raw audit events, both table shapes ---------------------------------------------------------
AD_COLS = [('TenantId', 'string'), ('TimeGenerated', 'datetime'), ('ResourceId', 'string'), ('Category', 'string'), ('ResourceProvider', 'string'),
           ('OperationName', 'string'), ('ResultType', 'string'), ('CallerIPAddress', 'string'), ('identity_claim_oid_g', 'guid'),
           ('identity_claim_upn_s', 'string'), ('identity_claim_appid_g', 'guid'), ('id_s', 'string'), ('httpStatusCode_d', 'real'),
           ('tlsVersion_s', 'string'), ('Type', 'string')]
KV_COLS = [('TenantId', 'string'), ('TimeGenerated', 'datetime'), ('_ResourceId', 'string'), ('OperationName', 'string'), ('ResultType', 'string'),
           ('CallerIpAddress', 'string'), ('Identity', 'dynamic'), ('Id', 'string'), ('HttpStatusCode', 'int'), ('Tlsversion', 'string'),
           ('Type', 'string')]
def iso(t): return time.strftime('%Y-%m-%dT%H:%M:%S', time.gmtime(int(t))) + ('.%03dZ' % int((t % 1) * 1000))
if a.log_events > 0:
    put('logs/workspaces.json', {'value': [{'id': workspace_id(s), 'name': 'law-audit', 'type': 'Microsoft.OperationalInsights/workspaces', 'location': 'westeurope',
        'properties': {'customerId': customer_ids[s], 'provisioningState': 'Succeeded', 'sku': {'name': 'PerGB2018'}, 'retentionInDays': 90,
                       'publicNetworkAccessForIngestion': 'Enabled', 'publicNetworkAccessForQuery': 'Enabled'}} for s in subs]})
    # activity is heavy-tailed, as in a real estate: a few busy vaults (a payment service's) carry most reads, most
    # vaults see a few a day; each vault's workloads read their own few secrets from their own subnet
    act = [rnd.paretovariate(1.2) for _ in vault_ids]
    scale_ev = a.log_events / sum(act)
    per = [int(w * scale_ev) for w in act]
    per[0] += a.log_events - sum(per)
    rows_ad, rows_kv, files = [], [], [0]
    def flush(kind, force=False):
        rows = rows_ad if kind == 'ad' else rows_kv
        if rows and (force or len(rows) >= 50000):
            cols = AD_COLS if kind == 'ad' else KV_COLS
            put(f'logs/{kind}-{files[0]:03d}.json', {'tables': [{'name': 'PrimaryResult', 'columns': [{'name': n, 'type': t} for n, t in cols], 'rows': rows}]})
            files[0] += 1
            rows.clear()
    platform = '509e4652-da8d-478d-a730-e9d4a1996ca4'
    hour_weights = [1] * 6 + [4] * 14 + [1] * 4
    total = 0
    for vi, (sub, rg, name) in enumerate(vault_ids):
        n = per[vi]
        vid = f'/subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.KeyVault/vaults/{name}'
        kind = 'ad' if vi % 2 == 0 else 'kv'  # the 'kv' vaults' diagnostic settings say Dedicated (above)
        tid = customer_ids[sub]
        secrets = max(1, int(counts[vi] * 0.40))
        net = f'10.{vi % 200}.{rnd.randrange(256)}'
        workloads = [(gid(), gid(), f'{net}.{rnd.randrange(1, 255)}', [f's{rnd.randrange(secrets)}' for _ in range(rnd.randint(1, 3))])
                     for _ in range(rnd.randint(1, 4))]
        person = (gid(), f'user{rnd.randrange(500)}@contoso.com', f'10.250.{rnd.randrange(256)}.{rnd.randrange(1, 255)}')
        for _ in range(n):
            day = rnd.randrange(a.log_days)
            hour = rnd.choices(range(24), hour_weights)[0]
            t = NOW - (day + 1) * DAY + hour * 3600 + rnd.random() * 3600
            r = rnd.random()
            if r < 0.02: oid, upn, app, ip, op, status, obj = None, None, platform, '20.40.1.1', 'VaultGet', 200, None
            elif r < 0.03: (oid, upn, ip), app, op, status, obj = person, None, 'SecretGet', 200, f's{rnd.randrange(secrets)}'
            else:
                oid, app, ip, own = rnd.choice(workloads); upn = None
                op, status, obj = 'SecretGet', (200 if r < 0.99 else 403), rnd.choice(own)
            uri = f'https://{name}.vault.azure.net/' + (f'secrets/{obj}' if obj else '')
            if kind == 'ad':
                rows_ad.append([tid, iso(t), vid.upper(), 'AuditEvent', 'MICROSOFT.KEYVAULT', op, 'Success' if status < 400 else 'Failure', ip, oid, upn, app, uri, float(status), 'TLS1_2', 'AzureDiagnostics'])
            else:
                claim = {k: v for k, v in (('oid', oid), ('upn', upn), ('appid', app)) if v}
                rows_kv.append([tid, iso(t), vid.lower(), op, 'Success' if status < 400 else 'Failure', ip, json.dumps({'claim': claim}, separators=(',', ':')), uri, status, 'TLS1_2', 'AZKVAuditLogs'])
            total += 1
            flush(kind)
    flush('ad', True); flush('kv', True)
    print(f'logs/: {total} audit events over {a.log_days} days in {files[0]} files')

print(f'wrote {written[0]} files, {written[1] / 1e6:.0f} MB: {a.subscriptions} subscriptions, {a.vaults} vaults, '
      f'{objects[0]} secrets, {objects[1]} keys, {objects[2]} certificates, {a.role_assignments} role assignments in {time.time() - start:.0f} s')
