package io.kvaudit.source;

import io.kvaudit.config.ConfigurationException;
import io.kvaudit.config.JsonPathNode;
import io.kvaudit.model.Certificate;
import io.kvaudit.model.Collected;
import io.kvaudit.model.DefenderPlan;
import io.kvaudit.model.DiagnosticSetting;
import io.kvaudit.model.Key;
import io.kvaudit.model.RoleAssignment;
import io.kvaudit.model.RoleDefinition;
import io.kvaudit.model.Secret;
import io.kvaudit.model.Subscription;
import io.kvaudit.model.SubscriptionInventory;
import io.kvaudit.model.TenantInfo;
import io.kvaudit.model.Vault;
import io.kvaudit.model.VaultInventory;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * A {@link TenantSource} over Azure's REST bodies, wherever they come from: a snapshot directory or live Azure. Both
 * sources share this class and {@link AzureResponseMapper}, so a live scan and a scan of its export judge the same
 * inventory.
 */
public class RestTenantSource implements TenantSource {

    private final TenantBodies bodies;

    public RestTenantSource(TenantBodies bodies) {
        this.bodies = bodies;
    }

    public TenantBodies bodies() { return bodies; }

    @Override
    public TenantInfo tenant() { return bodies.tenant(); }

    @Override
    public List<Subscription> subscriptions() {
        JsonPathNode body = bodies.subscriptions();
        Collected<List<Subscription>> subs = AzureResponseMapper.list(body, "subscriptions", AzureResponseMapper::subscription);
        if (!subs.isPresent())
            throw new ConfigurationException(body.file() + ": " + subs.reason() + "; kvaudit needs the whole subscription list");
        return subs.orNull();
    }

    @Override
    public SubscriptionInventory subscription(Subscription s) {
        String id = s.subscriptionId();
        Collected<List<Vault>> vaults = list(bodies.vaults(id), "vault list", AzureResponseMapper::vault);
        Collected<List<RoleAssignment>> assignments = list(bodies.roleAssignments(id), "role assignments",
                n -> AzureResponseMapper.roleAssignment(n, id));
        Collected<List<RoleDefinition>> definitions = list(bodies.roleDefinitions(id), "role definitions",
                AzureResponseMapper::roleDefinition);
        Collected<List<DefenderPlan>> pricings = list(bodies.defenderPricings(id), "Defender pricings",
                AzureResponseMapper::defenderPlan);
        return new SubscriptionInventory(s, vaults, assignments, definitions, pricings);
    }

    @Override
    public VaultInventory vault(Vault v) {
        try {
            Collected<List<DiagnosticSetting>> diag = list(bodies.diagnosticSettings(v), "diagnostic settings",
                    AzureResponseMapper::diagnosticSetting);
            Collected<List<Secret>> secrets = list(bodies.secrets(v), "secrets", n -> AzureResponseMapper.secret(n, v));
            Collected<List<Key>> keys = list(bodies.keys(v), "keys", n -> AzureResponseMapper.key(n, v,
                    single(bodies.keyRotationPolicy(v, AzureResponseMapper.objectName(n, AzureNames.Kind.KEY)), "rotation policy",
                            AzureResponseMapper::keyRotationPolicy)));
            Collected<List<Certificate>> certs = list(bodies.certificates(v), "certificates", n -> AzureResponseMapper.certificate(n, v,
                    single(bodies.certificatePolicy(v, AzureResponseMapper.objectName(n, AzureNames.Kind.CERTIFICATE)), "certificate policy",
                            AzureResponseMapper::certificatePolicy)));
            return AzureResponseMapper.markCertificateBacked(new VaultInventory(v, diag, secrets, keys, certs));
        } finally {
            bodies.release(v);
        }
    }

    @Override
    public void close() {
        bodies.close();
    }

    private static <T> Collected<List<T>> list(Optional<JsonPathNode> body, String what, Function<JsonPathNode, T> item) {
        return body.map(b -> AzureResponseMapper.list(b, what, item)).orElseGet(() -> Collected.notCollected(what));
    }

    private static <T> Collected<T> single(Optional<JsonPathNode> body, String what, Function<JsonPathNode, T> mapper) {
        return body.map(b -> AzureResponseMapper.single(b, what, mapper)).orElseGet(() -> Collected.notCollected(what));
    }
}
