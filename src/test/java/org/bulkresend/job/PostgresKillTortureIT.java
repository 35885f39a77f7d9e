package org.bulkresend.job;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.bulkresend.support.EmbeddedDatabase;
import org.bulkresend.support.Jar;
import org.bulkresend.support.PostgresServer;

/**
 * {@link KillTortureIT} with two instances sharing a PostgreSQL database, each in a working folder
 * of its own with its own copy of the file, as on two machines: after each kill the other instance
 * takes the run over, and the run still ends exact (design: 'no double reset', 'no silent
 * lockout').
 */
class PostgresKillTortureIT extends KillTortureIT {

    private PostgresServer.Database database;

    @Override
    List<Instance> instances() throws Exception {
        this.database = PostgresServer.shared().newDatabase();
        return List.of(instance("a"), instance("b"));
    }

    private Instance instance(String name) throws Exception {
        Path folder = Files.createDirectories(this.work.resolve(name));
        Files.copy(this.work.resolve("input.csv"), folder.resolve("input.csv"));
        Map<String, String> environment = new HashMap<>(environment(folder));
        environment.put("BULK_RESEND_DATABASE_URL", this.database.url());
        environment.put("BULK_RESEND_DATABASE_USER", PostgresServer.USER);
        environment.put("BULK_RESEND_DATABASE_PASSWORD", PostgresServer.PASSWORD);
        return new Instance(new Jar(this.work, environment), run(name + "/input.csv"));
    }

    /** Three here, to keep the build short: {@code -Ptorture} gives it as many kills as the embedded one. */
    @Override
    int defaultKills() {
        return 3;
    }

    @Override
    EmbeddedDatabase database() {
        return EmbeddedDatabase.of(this.database);
    }

    @Override
    List<Path> folders() {
        return List.of(this.work.resolve("a"), this.work.resolve("b"));
    }
}
