package io.kvaudit.rules;

import java.util.List;
import java.util.Map;

/** A detector as this run uses it: its definition, effective params (defaults plus overrides), on or off, controls. */
public record ConfiguredDetector(DetectorDefinition definition, Map<String, Object> params, boolean enabled,
                                 List<String> controls) {

    public String id() { return definition.id(); }
}
