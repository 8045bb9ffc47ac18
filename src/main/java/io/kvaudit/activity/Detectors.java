package io.kvaudit.activity;

import io.kvaudit.config.ConfigurationException;
import io.kvaudit.rules.ConfiguredDetector;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finds a detector's logic by its id: {@code activity-mass-secret-read} is
 * {@code io.kvaudit.activity.detectors.MassSecretRead}. A detector.yaml without logic of that name is a configuration
 * error when the rule set is checked ({@link #check}), before anything runs.
 */
public final class Detectors {

    public static final String PACKAGE = "io.kvaudit.activity.detectors.";
    private static final Map<String, Detector> LOADED = new ConcurrentHashMap<>();

    private Detectors() {}

    /** The class name a detector id maps to. */
    public static String className(String id) {
        StringBuilder s = new StringBuilder(PACKAGE);
        for (String part : id.replaceFirst("^activity-", "").split("-"))
            if (!part.isEmpty()) s.append(part.substring(0, 1).toUpperCase(Locale.ROOT)).append(part.substring(1));
        return s.toString();
    }

    public static Detector get(String id) {
        return LOADED.computeIfAbsent(id, Detectors::load);
    }

    /** Every detector of the rule set has its logic in this kvaudit. */
    public static void check(List<ConfiguredDetector> detectors) {
        for (ConfiguredDetector d : detectors) get(d.id());
    }

    private static Detector load(String id) {
        String name = className(id);
        try {
            Class<?> c = Class.forName(name);
            if (!Detector.class.isAssignableFrom(c)) throw new ConfigurationException(name + " is not a Detector");
            Detector d = (Detector) c.getDeclaredConstructor().newInstance();
            if (!d.id().equals(id)) throw new IllegalStateException(name + " says its id is " + d.id() + ", not " + id);
            return d;
        } catch (ClassNotFoundException e) {
            throw new ConfigurationException("rules/activity/" + id + "/detector.yaml: this kvaudit has no detector logic for "
                    + id + " (expected the class " + name + ")");
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot create " + name, e);
        }
    }
}
