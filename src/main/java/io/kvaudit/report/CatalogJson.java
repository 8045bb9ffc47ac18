package io.kvaudit.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kvaudit.rules.CompiledRule;
import io.kvaudit.rules.ConfiguredDetector;
import io.kvaudit.rules.Framework;
import io.kvaudit.rules.RuleSet;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The rule and detector metadata and framework mappings in force for a run, as stored with it: what the human reports and SARIF
 * need to describe rules, so any stored run renders again without the rules directory it was scanned with.
 */
public final class CatalogJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private CatalogJson() {}

    public static String rules(RuleSet set) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (CompiledRule r : set.rules()) {
            var d = r.definition();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", d.id());
            m.put("title", d.title());
            m.put("severity", d.severity().label());
            m.put("resource", d.resource().key());
            m.put("enabled", r.enabled());
            m.put("file", d.file().replace('\\', '/').replaceFirst("^.*?(rules/)", "rules/"));
            m.put("description", d.description().strip());
            m.put("risk", d.risk().strip());
            m.put("remediation", d.remediation().strip());
            m.put("references", d.references());
            m.put("params", r.params());
            m.put("controls", r.controls());
            out.add(m);
        }
        for (ConfiguredDetector r : set.detectors()) {
            var d = r.definition();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", d.id());
            m.put("kind", "detector");
            m.put("title", d.title());
            m.put("severity", d.severity().label());
            m.put("resource", "vault");
            m.put("enabled", r.enabled());
            m.put("file", d.file().replace('\\', '/').replaceFirst("^.*?(rules/)", "rules/"));
            m.put("description", d.description().strip());
            m.put("risk", d.risk().strip());
            m.put("remediation", d.remediation().strip());
            m.put("falsePositives", d.falsePositives() == null ? null : d.falsePositives().strip());
            m.put("references", d.references());
            m.put("mitre", d.mitre());
            m.put("params", r.params());
            m.put("controls", r.controls());
            out.add(m);
        }
        return write(out);
    }

    public static String frameworks(RuleSet set) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Framework f : set.frameworks()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", f.id());
            m.put("prefix", f.prefix());
            m.put("name", f.name());
            m.put("version", f.version());
            m.put("url", f.url());
            m.put("description", f.description());
            List<Map<String, Object>> controls = new ArrayList<>();
            for (Framework.Control c : f.controls()) {
                Map<String, Object> cm = new LinkedHashMap<>();
                cm.put("id", c.id());
                cm.put("title", c.title());
                cm.put("rules", c.rules());
                cm.put("manual", c.manual());
                cm.put("guidance", c.guidance());
                controls.add(cm);
            }
            m.put("controls", controls);
            out.add(m);
        }
        return write(out);
    }

    private static String write(Object o) {
        try {
            return MAPPER.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
