package io.kvaudit.cli;

import io.kvaudit.report.Manifest;
import org.springframework.stereotype.Component;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code kvaudit verify DIR}: recomputes the manifest's hashes; exit 0 intact, 3 changed, missing or extra files. */
@Component
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {"Check an output directory against its manifest.json.",
                "Exit 0 when every artifact is intact, 3 when a file changed, is missing or was added, 2 when there is no valid manifest."})
public class VerifyCommand implements Callable<Integer>, Standalone {

    @Mixin
    GlobalOptions global;

    @Parameters(paramLabel = "DIR", description = "A kvaudit output directory.")
    Path dir;

    @Override
    public Integer call() {
        Manifest.Verification v = Manifest.verify(dir);
        v.changed().forEach(f -> System.out.println("CHANGED  " + f));
        v.missing().forEach(f -> System.out.println("MISSING  " + f));
        v.extra().forEach(f -> System.out.println("EXTRA    " + f));
        if (v.intact()) {
            System.out.printf("OK: %d artifacts in %s match %s%n", v.checked(), dir, Manifest.FILE);
            return 0;
        }
        System.out.printf("TAMPERED: %d changed, %d missing, %d extra (of %d listed in %s)%n", v.changed().size(),
                v.missing().size(), v.extra().size(), v.checked(), Manifest.FILE);
        return 3;
    }
}
