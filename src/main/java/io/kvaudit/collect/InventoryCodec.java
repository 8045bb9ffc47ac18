package io.kvaudit.collect;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.kvaudit.model.Collected;
import io.kvaudit.model.SubscriptionInventory;
import io.kvaudit.model.TenantInfo;
import io.kvaudit.model.VaultInventory;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * How collected inventory is kept between processes (the collection checkpoints a restarted scan resumes from): the
 * domain records as gzip-compressed JSON, field for field, with each {@link Collected} tagged by its kind. What is
 * written is what collection produced (properties only, never a value: the model has no field for one), so a decoded
 * checkpoint is equal to what was collected and judges the same.
 */
public final class InventoryCodec {

    /** What discovery found: the tenant and each subscription in scope with its vaults and access data. */
    public record Discovery(TenantInfo tenant, List<SubscriptionInventory> subscriptions) {}

    @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "collected")
    @JsonSubTypes({
            @JsonSubTypes.Type(value = Collected.Present.class, name = "present"),
            @JsonSubTypes.Type(value = Collected.NotCollected.class, name = "notCollected"),
            @JsonSubTypes.Type(value = Collected.Failed.class, name = "failed"),
            @JsonSubTypes.Type(value = Collected.Incomplete.class, name = "incomplete")})
    private interface CollectedKinds {}

    private static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            // record components only: helpers such as Collected.isPresent() or Vault.usesRbac() are not data
            .setVisibility(PropertyAccessor.ALL, JsonAutoDetect.Visibility.NONE)
            .setVisibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.ANY)
            .setVisibility(PropertyAccessor.CREATOR, JsonAutoDetect.Visibility.ANY)
            .addMixIn(Collected.class, CollectedKinds.class);

    private InventoryCodec() {}

    public static byte[] encode(Discovery discovery) { return pack(discovery); }

    /** Vaults' inventories keyed by their place in discovery order, one checkpoint for a batch of them. */
    public static byte[] encode(java.util.SortedMap<Integer, VaultInventory> vaults) { return pack(vaults); }

    public static Discovery discovery(byte[] packed) { return unpack(packed, new TypeReference<>() {}); }

    public static java.util.SortedMap<Integer, VaultInventory> vaults(byte[] packed) {
        return unpack(packed, new TypeReference<java.util.TreeMap<Integer, VaultInventory>>() {});
    }

    private static byte[] pack(Object value) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (GZIPOutputStream gz = new GZIPOutputStream(bytes, 1 << 16) {{ def.setLevel(Deflater.BEST_SPEED); }}) {
                JSON.writeValue(gz, value);
            }
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static <T> T unpack(byte[] packed, TypeReference<T> type) {
        try (GZIPInputStream gz = new GZIPInputStream(new ByteArrayInputStream(packed), 1 << 16)) {
            return JSON.readValue(gz, type);
        } catch (IOException e) {
            throw new UncheckedIOException("a collection checkpoint could not be read back: " + e.getMessage(), e);
        }
    }
}
