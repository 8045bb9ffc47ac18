package io.kvaudit.activity;

import io.kvaudit.config.ConfigurationException;

import java.util.List;
import java.util.Map;

/** A detector's effective params (its detector.yaml defaults plus this run's overrides), read by name and type. */
public record DetectorParams(String detectorId, Map<String, Object> values) {

    public long integer(String name) {
        Object v = require(name);
        if (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) return n.longValue();
        throw wrong(name, "a whole number", v);
    }

    public double decimal(String name) {
        Object v = require(name);
        if (v instanceof Number n) return n.doubleValue();
        throw wrong(name, "a number", v);
    }

    @SuppressWarnings("unchecked")
    public List<String> strings(String name) {
        Object v = require(name);
        if (v instanceof List<?> l && l.stream().allMatch(x -> x instanceof String)) return (List<String>) l;
        throw wrong(name, "a list of strings", v);
    }

    private Object require(String name) {
        Object v = values.get(name);
        if (v == null) throw new ConfigurationException("rules/activity/" + detectorId + "/detector.yaml: params: \"" + name
                + "\" is required by the detector's logic");
        return v;
    }

    private ConfigurationException wrong(String name, String expected, Object found) {
        return new ConfigurationException("detector " + detectorId + ": param " + name + ": expected " + expected + ", found " + found);
    }
}
