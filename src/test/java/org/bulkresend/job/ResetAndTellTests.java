package org.bulkresend.job;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import org.bulkresend.credential.CredentialKind;
import org.bulkresend.credential.PassRequest;
import org.bulkresend.credential.PassTerms;
import org.bulkresend.directory.AccountState;
import org.bulkresend.directory.Directory;
import org.bulkresend.directory.Directory.PasswordReset;
import org.bulkresend.directory.Directory.ResetResult;
import org.bulkresend.directory.DirectoryUser;
import org.bulkresend.input.ResendRequest;
import org.bulkresend.ledger.LedgerEntry;
import org.bulkresend.ledger.Status;
import org.bulkresend.notify.Delivery;
import org.bulkresend.notify.LanguageChoice;
import org.bulkresend.notify.MailChannel;
import org.bulkresend.notify.Notification;
import org.bulkresend.password.Secret;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The sequence tells each user the credential the directory answered with, which need not be the
 * one planned: a directory may make its own (as Microsoft Graph makes a Temporary Access Pass).
 * Whatever the directory answered with is forgotten once the chunk is told, and a password it did
 * not take is forgotten too.
 */
class ResetAndTellTests {

    static final DirectoryUser JANE = new DirectoryUser("jane.doe@contoso.example", "Jane Doe", null, null,
            AccountState.ACTIVE, Set.of(), null, "jane@example.net", "en", false, null);

    final List<String> told = new ArrayList<>();

    final List<LedgerEntry> outcomes = new ArrayList<>();

    final List<Notification> notifications = new ArrayList<>();

    @Test
    void eachUserIsToldTheCredentialTheDirectoryAnsweredWithAndItIsForgottenAfterwards() {
        Secret made = Secret.of("Made-By-The-Directory-1");
        Function<List<PasswordReset>, List<ResetResult>> directory = (resets) -> resets.stream()
            .map((reset) -> ResetResult.set(reset.user(), made)).toList();
        ResetAndTell sequence = new ResetAndTell(1,
                CredentialIssuer.passwords(directory, (item) -> Secret.of("Planned-1")), channel(), records(),
                Clock.systemUTC(), null, null, "adele.vance@contoso.example", null);

        sequence.chunk(List.of(item()));

        assertThat(this.told).containsExactly("Made-By-The-Directory-1");
        assertThat(this.outcomes).extracting(LedgerEntry::status).containsExactly(Status.NOTIFIED);
        assertThatIllegalStateException().as("forgotten once told").isThrownBy(made::reveal);
    }

    @Test
    void aPasswordTheDirectoryDidNotTakeIsForgottenAndToldToNobody() {
        Secret planned = Secret.of("Planned-2");
        Function<List<PasswordReset>, List<ResetResult>> directory = (resets) -> resets.stream()
            .map((reset) -> ResetResult.failed(reset.user(), "the password policy refused it")).toList();
        ResetAndTell sequence = new ResetAndTell(1, CredentialIssuer.passwords(directory, (item) -> planned),
                channel(), records(), Clock.systemUTC(), null, null, "adele.vance@contoso.example", null);

        sequence.chunk(List.of(item()));

        assertThat(this.told).isEmpty();
        assertThat(this.outcomes).extracting(LedgerEntry::status, LedgerEntry::reason)
            .containsExactly(tuple(Status.FAILED_RESET, "the password policy refused it"));
        assertThatIllegalStateException().isThrownBy(planned::reveal);
    }

    @Test
    void aPassIsToldWithItsTermsAndRecordedWithItsEndAsTheExpiry() {
        Instant start = Instant.parse("2026-12-01T08:00:00Z");
        PassTerms terms = new PassTerms(start, start.plus(Duration.ofHours(8)), true);
        Secret pass = Secret.of("Kx7pQ2mZ");
        List<PassRequest> asked = new ArrayList<>();
        Directory directory = new Directory() {
            @Override
            public Optional<DirectoryUser> find(String userPrincipalName) {
                return Optional.empty();
            }

            @Override
            public List<ResetResult> resetPasswords(List<PasswordReset> resets) {
                throw new AssertionError("a pass leaves the password as it is");
            }

            @Override
            public List<ResetResult> issueTemporaryAccessPasses(List<DirectoryUser> users, PassRequest request) {
                asked.add(request);
                return users.stream().map((user) -> ResetResult.issued(user, pass, terms)).toList();
            }
        };
        PassRequest request = new PassRequest(Duration.ofHours(8), true, null);
        ResetAndTell sequence = new ResetAndTell(1, CredentialIssuer.passes(directory, request), channel(), records(),
                Clock.fixed(start, ZoneOffset.UTC), Duration.ofDays(3), null, "adele.vance@contoso.example", null);

        sequence.chunk(List.of(item()));

        assertThat(asked).containsExactly(request);
        assertThat(this.told).containsExactly("Kx7pQ2mZ");
        assertThat(this.notifications).singleElement().satisfies((notification) -> {
            assertThat(notification.pass()).isEqualTo(terms);
            assertThat(notification.credential()).isEqualTo(CredentialKind.TAP);
            assertThat(notification.expiresAt()).as("the pass's end, not --temp-password-ttl's")
                .isEqualTo(terms.endsAt());
        });
        assertThat(this.outcomes).singleElement().satisfies((entry) -> {
            assertThat(entry.status()).isEqualTo(Status.NOTIFIED);
            assertThat(entry.reason()).isEqualTo("Temporary Access Pass issued and message accepted");
            assertThat(entry.credential()).isEqualTo(CredentialKind.TAP);
            assertThat(entry.expiresAt()).isEqualTo(terms.endsAt());
        });
        assertThatIllegalStateException().as("forgotten once told").isThrownBy(pass::reveal);
    }

    @Test
    void aSetResultAlwaysCarriesTheCredential() {
        assertThatNullPointerException().isThrownBy(() -> ResetResult.set(JANE, null)).withMessage("credential");
        assertThat(ResetResult.failed(JANE, "refused").credential()).isNull();
    }

    private static ResendItem item() {
        ResendRequest request = new ResendRequest(2, JANE.userPrincipalName(), null, null, null, null, null, null);
        return ResendItem.eligible(request, JANE, "jane@example.net").writtenIn(new LanguageChoice("en", null), null);
    }

    private MailChannel channel() {
        return new MailChannel() {
            @Override
            public List<Delivery> deliver(List<Notification> notifications, DeliveryListener answered) {
                List<Delivery> deliveries = new ArrayList<>();
                for (Notification notification : notifications) {
                    ResetAndTellTests.this.told.add(notification.password().reveal());
                    ResetAndTellTests.this.notifications.add(notification);
                    Delivery delivery = new Delivery(notification, Delivery.Outcome.ACCEPTED, "<1@contoso.example>",
                            null);
                    deliveries.add(delivery);
                    answered.answered(delivery);
                }
                return deliveries;
            }

            @Override
            public Optional<String> send(Function<Session, MimeMessage> message) {
                return Optional.empty();
            }

            @Override
            public void check() {
            }

            @Override
            public String describe() {
                return "a list in the test";
            }
        };
    }

    private ResetAndTell.Records records() {
        return new ResetAndTell.Records() {
            @Override
            public Map<Long, LedgerEntry> recorded(List<Long> lines) {
                return Map.of();
            }

            @Override
            public RowRules.Claims claims(List<String> userKeys) {
                return RowRules.Claims.of(new HashMap<>());
            }

            @Override
            public Map<String, LedgerEntry> notifiedBefore(List<String> userKeys) {
                return Map.of();
            }

            @Override
            public Map<String, LedgerEntry> toldBefore(List<String> userKeys) {
                return Map.of();
            }

            @Override
            public void intents(List<LedgerEntry> intents) {
            }

            @Override
            public void resets(List<ResetResult> results) {
            }

            @Override
            public void sent(ResendItem item, LedgerEntry entry, Delivery delivery) {
                ResetAndTellTests.this.outcomes.add(entry);
            }

            @Override
            public void outcomes(List<LedgerEntry> entries) {
                ResetAndTellTests.this.outcomes.addAll(entries);
            }
        };
    }
}
