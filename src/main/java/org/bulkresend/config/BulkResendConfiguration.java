package org.bulkresend.config;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Properties;

import org.bulkresend.access.AuditTrail;
import org.bulkresend.access.OperatorSignIn;
import org.bulkresend.directory.Directory;
import org.bulkresend.directory.internal.GraphDirectory;
import org.bulkresend.directory.internal.JdbcDirectory;
import org.bulkresend.followup.FollowUp;
import org.bulkresend.graph.GraphClient;
import org.bulkresend.graph.WriteRate;
import org.bulkresend.job.Expiry;
import org.bulkresend.job.PassRevocation;
import org.bulkresend.ledger.Ledger;
import org.bulkresend.notify.MailRoute;
import org.bulkresend.notify.MailRoutes;
import org.bulkresend.notify.SenderQuotas;
import org.bulkresend.notify.MessageComposer;
import org.bulkresend.notify.MessageSettings;
import org.bulkresend.notify.MessageTemplates;
import org.bulkresend.password.PasswordGenerator;
import org.bulkresend.password.PasswordHashing;
import org.bulkresend.password.PasswordStock;
import org.bulkresend.report.ReportWriter;
import org.bulkresend.run.ResendRunner;
import org.bulkresend.run.RunnerSettings;
import org.bulkresend.schedule.WatchRound;
import org.bulkresend.schema.DatabaseSchema;
import org.bulkresend.settings.BulkResendProperties;
import org.bulkresend.settings.DirectoryKind;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.flyway.autoconfigure.FlywayConfigurationCustomizer;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;
import org.springframework.boot.mail.autoconfigure.MailProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.transaction.PlatformTransactionManager;

/** Wires the parts of the product together; decides nothing. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({ BulkResendProperties.class, MailProperties.class })
class BulkResendConfiguration {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    /** The schema's baseline, catch-up migration and settings, as the tests' databases get them. */
    @Bean
    FlywayConfigurationCustomizer databaseSchema() {
        return DatabaseSchema::configure;
    }

    /** Migrates at start-up, refusing a data directory that a newer release upgraded. */
    @Bean
    FlywayMigrationStrategy databaseMigration() {
        return DatabaseSchema::migrate;
    }

    /**
     * The directory the job works on: the embedded one, Microsoft Entra ID through Graph, or an
     * Active Directory domain.
     */
    @Bean
    @Primary
    Directory directory(JdbcDirectory embeddedDirectory, ObjectProvider<GraphClient> graphClient,
            BulkResendProperties properties) {
        if (properties.usesActiveDirectory()) {
            return ActiveDirectorySetup.directory(properties.ldap());
        }
        return properties.usesGraph() ? new GraphDirectory(graphClient.getObject(), properties.graph().batch(),
                properties.graph().mailboxTimeZones(), properties.mail().cloud(),
                new WriteRate(properties.graph().writeRate().messages() * 1e9
                        / properties.graph().writeRate().per().toNanos()))
                : embeddedDirectory;
    }

    /** Made only when something uses Graph, so that the embedded directory needs no Graph settings. */
    @Bean
    @Lazy
    GraphClient graphClient(BulkResendProperties properties, Clock clock) {
        return new GraphClient(GraphSetup.settings(properties), clock);
    }

    @Bean
    JdbcDirectory embeddedDirectory(JdbcClient jdbcClient, JdbcTemplate jdbcTemplate, PlatformTransactionManager transactionManager,
            BulkResendProperties properties, PasswordStock passwordStock, Clock clock) {
        return new JdbcDirectory(jdbcClient, jdbcTemplate, PasswordHashing.encoder(properties.passwords().hashCost()),
                properties.passwords().effectiveHashThreads(), passwordStock, transactionManager, clock);
    }

    /** The next chunks' passwords, hashed while the current chunk's messages go out. */
    @Bean(destroyMethod = "close")
    PasswordStock passwordStock(PasswordGenerator passwordGenerator, BulkResendProperties properties) {
        return new PasswordStock(passwordGenerator, PasswordHashing.encoder(properties.passwords().hashCost()),
                properties.chunkSize(), properties.passwords().effectiveHashThreads());
    }

    @Bean
    AuditTrail auditTrail(NamedParameterJdbcTemplate namedParameterJdbcTemplate, Clock clock) {
        return new AuditTrail(namedParameterJdbcTemplate, clock);
    }

    @Bean
    OperatorSignIn operatorSignIn(Directory directory, AuditTrail auditTrail, BulkResendProperties properties,
            Clock clock) {
        return new OperatorSignIn(directory, auditTrail, clock, properties.signInFailureDelay());
    }

    @Bean
    Ledger ledger(JdbcClient jdbcClient, NamedParameterJdbcTemplate namedParameterJdbcTemplate, Clock clock) {
        return new Ledger(jdbcClient, namedParameterJdbcTemplate, clock);
    }

    @Bean
    FollowUp followUp(Ledger ledger, Directory directory, Clock clock, BulkResendProperties properties) {
        return new FollowUp(ledger, directory, clock, properties.outDir());
    }

    @Bean
    Expiry expiry(Ledger ledger, Directory directory, AuditTrail auditTrail, BulkResendProperties properties,
            Clock clock) {
        return new Expiry(ledger, directory, auditTrail, clock, properties.chunkSize());
    }

    @Bean
    PassRevocation passRevocation(Ledger ledger, Directory directory, AuditTrail auditTrail, Clock clock) {
        return new PassRevocation(ledger, directory, auditTrail, clock);
    }

    /** What starting a run needs of the settings: its folders, its log, its passwords' lifetime, its summary. */
    @Bean
    RunnerSettings runnerSettings(BulkResendProperties properties) {
        return new RunnerSettings(properties.reports(), properties.outDir().resolve("preview"),
                properties.dataDir().resolve("logs").resolve("bulk-resend.log"), properties.passwords().ttl(),
                properties.chunkSize(), properties.mail().summaryTo(), properties.credential(),
                properties.tap().request());
    }

    @Bean
    WatchRound watchRound(Expiry expiry, ResendRunner runner) {
        return new WatchRound(expiry, runner);
    }

    @Bean
    ReportWriter reportWriter(Ledger ledger, BulkResendProperties properties) {
        return new ReportWriter(ledger, properties.reportDelimiter());
    }

    @Bean
    PasswordGenerator passwordGenerator(BulkResendProperties properties) {
        return new PasswordGenerator(properties.passwords().length());
    }

    @Bean
    MessageTemplates messageTemplates(BulkResendProperties properties) {
        Path folder = properties.mail().templates();
        return new MessageTemplates((folder != null) ? folder.toAbsolutePath().normalize() : null,
                properties.mail().defaultLocale());
    }

    /** The composer of messages from the configured sender; each route has its own, from {@link MailRoutes}. */
    @Bean
    MessageComposer messageComposer(BulkResendProperties properties, MessageTemplates templates, Clock clock) {
        String from = properties.mail().from();
        return composer((from == null || from.isBlank()) ? MailRoute.OUTBOX_SENDER : from.strip(), properties,
                templates, clock);
    }

    private static MessageComposer composer(String from, BulkResendProperties properties, MessageTemplates templates,
            Clock clock) {
        MessageSettings settings = new MessageSettings(from, properties.mail().cloud(),
                properties.mail().effectiveSignInUrl(), properties.mail().helpdesk(), properties.mail().timeZone(),
                properties.mail().helpdeskIn(), properties.mail().organization(),
                blankToNull(properties.mail().securityInfoUrl()));
        return new MessageComposer(settings, templates, clock);
    }

    @Bean
    SenderQuotas senderQuotas(NamedParameterJdbcTemplate jdbc, PlatformTransactionManager transactionManager,
            AuditTrail auditTrail, Clock clock) {
        return new SenderQuotas(jdbc, transactionManager, auditTrail, clock);
    }

    @Bean
    MailRoutes mailRoutes(MailProperties smtp, ObjectProvider<GraphClient> graphClient, MessageTemplates templates,
            BulkResendProperties properties, Clock clock, SenderQuotas senderQuotas) {
        BulkResendProperties.Mail mail = properties.mail();
        MailRoutes.Settings settings = new MailRoutes.Settings(mail.via(), blankToNull(smtp.getHost()), smtp.getPort(),
                blankToNull(mail.from()), properties.directory() == DirectoryKind.EMBEDDED,
                mail.sendRate().orElse(null), mail.dailyLimit(), mail.retry().retries(), mail.retry().delay(),
                mail.retry().maxDelay(), mail.senderPool(), blankToNull(mail.replyTo()));
        return new MailRoutes(settings, (route) -> smtpSender(smtp, route), graphClient::getObject,
                (from) -> composer(from, properties, templates, clock), properties.outbox().toAbsolutePath(), clock,
                senderQuotas);
    }

    /** Boot's mail settings ({@code spring.mail.*}) for the route's server. */
    private static JavaMailSenderImpl smtpSender(MailProperties smtp, MailRoute route) {
        JavaMailSenderImpl sender = new JavaMailSenderImpl();
        sender.setHost(route.smtpHost());
        sender.setPort(route.smtpPort());
        sender.setUsername(smtp.getUsername());
        sender.setPassword(smtp.getPassword());
        sender.setProtocol(smtp.getProtocol());
        if (smtp.getDefaultEncoding() != null) {
            sender.setDefaultEncoding(smtp.getDefaultEncoding().name());
        }
        Properties javaMail = new Properties();
        javaMail.putAll(smtp.getProperties());
        if (smtp.getSsl().isEnabled()) {
            javaMail.setProperty("mail." + smtp.getProtocol() + ".ssl.enable", "true");
        }
        sender.setJavaMailProperties(javaMail);
        return sender;
    }

    private static String blankToNull(String text) {
        return (text == null || text.isBlank()) ? null : text.strip();
    }
}
