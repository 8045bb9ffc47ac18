# kvaudit as a container image, for scheduled scans (docs/scheduling.md).
#   ./mvnw -B -DskipTests package && docker build -t kvaudit .
#   docker run --rm kvaudit scan --help
# The jar is built outside the image: the build context is target/kvaudit.jar alone (.dockerignore).

FROM eclipse-temurin:17-jre AS extract
COPY target/kvaudit.jar /build/kvaudit.jar
# Spring Boot's extracted layout (kvaudit.jar + lib/): the form a class-data-sharing archive can be recorded for
RUN java -Djarmode=tools -jar /build/kvaudit.jar extract --destination /opt/kvaudit

FROM eclipse-temurin:17-jre
RUN groupadd --system --gid 10001 kvaudit \
 && useradd --system --uid 10001 --gid kvaudit --home-dir /home/kvaudit --create-home kvaudit \
 && mkdir /reports && chown kvaudit:kvaudit /reports
COPY --from=extract /opt/kvaudit /opt/kvaudit
# The class-data-sharing archive, recorded by a training run at build time. kvaudit is a command, not a server: it
# exits by itself, so the run is a whole command that starts the Spring context and loads the bundled rules (`rules
# list`, on an in-memory database: nothing is written, nothing is contacted). kvaudit.cds.record lets the JIT's queue
# drain before the archive is written (JDK-8306460), as ./kvaudit does.
RUN java -XX:ArchiveClassesAtExit=/opt/kvaudit/kvaudit.jsa -Dkvaudit.cds.record=true \
      -jar /opt/kvaudit/kvaudit.jar rules list --db-url jdbc:h2:mem:cds > /dev/null
USER 10001:10001
# reports go to ./kvaudit-out/<run id>/ unless --out says otherwise: mount a volume here
WORKDIR /reports
ENTRYPOINT ["java", "-XX:SharedArchiveFile=/opt/kvaudit/kvaudit.jsa", "-XX:MaxRAMPercentage=75", "-jar", "/opt/kvaudit/kvaudit.jar"]
CMD ["--help"]
