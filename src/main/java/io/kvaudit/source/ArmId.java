package io.kvaudit.source;

import io.kvaudit.config.JsonPathNode;

import java.util.Locale;

/** The parts of a resource's ARM id that kvaudit needs: subscription, resource group and name (lower-cased). */
public record ArmId(String subscriptionId, String resourceGroup, String name) {

    public static ArmId parse(String id, JsonPathNode where) {
        String[] seg = id.split("/");
        String sub = null, rg = null;
        for (int i = 0; i < seg.length - 1; i++) {
            if (seg[i].equalsIgnoreCase("subscriptions") && sub == null) sub = seg[i + 1].toLowerCase(Locale.ROOT);
            if (seg[i].equalsIgnoreCase("resourceGroups") && rg == null) rg = seg[i + 1].toLowerCase(Locale.ROOT);
        }
        if (sub == null || rg == null)
            throw where.wrongShape("an ARM id like /subscriptions/{id}/resourceGroups/{group}/providers/..., found \"" + id + "\"");
        return new ArmId(sub, rg, seg[seg.length - 1]);
    }

    /** The lower-cased subscription id of an ARM id, or null when it names none. */
    public static String subscriptionOf(String id) {
        String[] seg = id.split("/");
        for (int i = 0; i < seg.length - 1; i++)
            if (seg[i].equalsIgnoreCase("subscriptions")) return seg[i + 1].toLowerCase(Locale.ROOT);
        return null;
    }
}
