package io.kvaudit.ops;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The example files under docs/examples/ and a way through their YAML. */
final class ExampleYaml {

    static final Path EXAMPLES = Path.of("docs/examples");
    static final Path GITHUB = EXAMPLES.resolve("github-actions/kvaudit.yml");
    static final Path AZURE_PIPELINES = EXAMPLES.resolve("azure-pipelines/kvaudit.yml");
    static final Path KUBERNETES = EXAMPLES.resolve("kubernetes/kvaudit-cronjob.yaml");
    static final Path CONTAINER_APPS = EXAMPLES.resolve("container-apps/kvaudit-job.yaml");

    private ExampleYaml() {}

    /** Every YAML file under docs/examples/. */
    static List<Path> files() {
        try (Stream<Path> s = Files.walk(EXAMPLES)) {
            return s.filter(p -> p.toString().endsWith(".yml") || p.toString().endsWith(".yaml")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The documents of a file, parsed as a YAML 1.1 reader would (GitHub's "on:" key becomes the boolean true). */
    static List<Object> documents(Path file) {
        List<Object> docs = new ArrayList<>();
        try {
            for (Object d : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(Files.readString(file))) docs.add(d);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return docs;
    }

    /** A file's only document, as a map. */
    static Map<String, Object> single(Path file) {
        List<Object> docs = documents(file);
        assertThat(docs).as(file + ": one YAML document").hasSize(1);
        return map(docs.get(0), file.toString());
    }

    /** The value at a path of map keys and list indexes; fails naming the path when a step is missing. */
    static Object at(Object root, Object... path) {
        Object here = root;
        StringBuilder where = new StringBuilder();
        for (Object key : path) {
            where.append('.').append(key);
            if (key instanceof Integer i) {
                assertThat(here).as(where + " is a list").isInstanceOf(List.class);
                List<?> l = (List<?>) here;
                assertThat(i).as(where + " exists").isLessThan(l.size());
                here = l.get(i);
            } else {
                assertThat(here).as(where + " lies in a map").isInstanceOf(Map.class);
                Map<?, ?> m = (Map<?, ?>) here;
                assertThat(m.containsKey(key)).as(where + " exists, in " + m.keySet()).isTrue();
                here = m.get(key);
            }
        }
        return here;
    }

    /** The value at a path, or null when any step is missing. */
    static Object find(Object root, Object... path) {
        Object here = root;
        for (Object key : path) {
            if (key instanceof Integer i && here instanceof List<?> l && i < l.size()) here = l.get(i);
            else if (here instanceof Map<?, ?> m && m.containsKey(key)) here = m.get(key);
            else return null;
        }
        return here;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object o, String what) {
        assertThat(o).as(what + " is a map").isInstanceOf(Map.class);
        return (Map<String, Object>) o;
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object o, String what) {
        assertThat(o).as(what + " is a list").isInstanceOf(List.class);
        return (List<Object>) o;
    }

    static List<Map<String, Object>> maps(Object o, String what) {
        return list(o, what).stream().map(e -> map(e, what + "[]")).toList();
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
