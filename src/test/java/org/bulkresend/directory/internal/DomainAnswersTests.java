package org.bulkresend.directory.internal;

import java.util.List;
import java.util.Map;

import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPResult;
import com.unboundid.ldap.sdk.ResultCode;
import org.bulkresend.directory.Directory.Outcome;
import org.bulkresend.directory.Directory.PasswordReset;
import org.bulkresend.directory.Directory.ResetResult;
import org.bulkresend.directory.DirectoryRefusedException;
import org.bulkresend.directory.DirectoryUnavailableException;
import org.bulkresend.directory.DirectoryUser;
import org.bulkresend.password.Secret;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What each answer of the domain controller to a reset or a look-up becomes ({@link DomainAnswers},
 * and {@link ActiveDirectory#resetPasswords} once the server is gone): the answers are those Active
 * Directory gives, sent by an UnboundID in-memory server ({@link InMemoryDomain#refuseModify}) in
 * answer to the product's own modify, or, for a look-up, made directly.
 */
class DomainAnswersTests {

    /** What Samba and Windows answer a password their policy refuses. */
    static final String POLICY = "0000052D: Constraint violation - check_password_restrictions: the password is too "
            + "short. It should be equal or longer than 12 characters!";

    InMemoryDomain domain;

    ActiveDirectory directory;

    @BeforeEach
    void start() throws Exception {
        this.domain = new InMemoryDomain();
        this.directory = this.domain.boundAsOperator("otherMailbox");
    }

    @AfterEach
    void stop() {
        this.directory.close();
        this.domain.close();
    }

    @Test
    void eachAnswerOfTheDomainToAResetIsThatUsersOutcomeWithTheDomainsWords() throws Exception {
        List<String> dns = List.of(this.domain.user("set"), this.domain.user("weak"), this.domain.user("outside"),
                this.domain.user("gone"), this.domain.user("unwilling"), this.domain.user("other"));
        this.domain.refuseModify(dns.get(1), ResultCode.CONSTRAINT_VIOLATION, POLICY);
        this.domain.refuseModify(dns.get(2), ResultCode.INSUFFICIENT_ACCESS_RIGHTS, "00002098: SecErr: "
                + "DSID-03150F94, problem 4003 (INSUFF_ACCESS_RIGHTS), data 0");
        this.domain.refuseModify(dns.get(3), ResultCode.NO_SUCH_OBJECT, "0000208D: NameErr: DSID-03100241, problem "
                + "2001 (NO_OBJECT), data 0");
        this.domain.refuseModify(dns.get(4), ResultCode.UNWILLING_TO_PERFORM, "0000001F: SvcErr: DSID-031A12D2, "
                + "problem 5003 (WILL_NOT_PERFORM), data 0");
        this.domain.refuseModify(dns.get(5), ResultCode.OBJECT_CLASS_VIOLATION, "00002014: objectclass violation");

        Map<String, ResetResult> results = reset("set", "weak", "outside", "gone", "unwilling", "other");

        assertThat(results.get("set").outcome()).isEqualTo(Outcome.RESET);
        assertThat(results.get("set").failure()).isNull();
        assertThat(results.get("weak").outcome()).isEqualTo(Outcome.FAILED);
        assertThat(results.get("weak").failure()).startsWith("the domain refused the new password under its password "
                + "policy (19 (constraint violation): " + POLICY + ")");
        assertThat(results.get("outside").outcome()).isEqualTo(Outcome.DENIED);
        assertThat(results.get("outside").failure()).contains("insufficient access rights").contains("INSUFF_ACCESS_RIGHTS")
            .contains("\"Reset password\" and write pwdLastSet");
        assertThat(results.get("gone").outcome()).isEqualTo(Outcome.GONE);
        assertThat(results.get("gone").failure()).startsWith("the user is no longer in the domain").contains("NO_OBJECT");
        assertThat(results.get("unwilling").outcome()).isEqualTo(Outcome.FAILED);
        assertThat(results.get("unwilling").failure()).contains("WILL_NOT_PERFORM")
            .contains("Active Directory sets passwords only over an encrypted connection");
        assertThat(results.get("other").outcome()).isEqualTo(Outcome.FAILED);
        assertThat(results.get("other").failure()).isEqualTo("the domain refused the reset (65 (object class violation): "
                + "00002014: objectclass violation)");
        assertThat(this.domain.modified()).as("every user was tried, one modify each").isEqualTo(dns);
    }

    @Test
    void onceTheServerIsGoneTheRestAreUnreachableAndNotTried() throws Exception {
        List<String> dns = List.of(this.domain.user("first"), this.domain.user("lost"), this.domain.user("after"));
        this.domain.refuseModify(dns.get(1), ResultCode.SERVER_DOWN, "the connection was closed");

        Map<String, ResetResult> results = reset("first", "lost", "after");

        assertThat(results.get("first").outcome()).isEqualTo(Outcome.RESET);
        assertThat(results.get("lost").outcome()).isEqualTo(Outcome.UNREACHABLE);
        assertThat(results.get("lost").failure()).isEqualTo("the domain controller " + this.domain.ldapsUrl()
                + " did not answer the reset of a password (the connection was lost before its answer came)");
        assertThat(results.get("after").outcome()).isEqualTo(Outcome.UNREACHABLE);
        assertThat(results.get("after").failure()).isEqualTo(results.get("lost").failure());
        assertThat(this.domain.modified()).isEqualTo(dns.subList(0, 2));
    }

    @Test
    void aLookUpTheServerRefusesIsTheSetUpsFaultAndOneItCannotAnswerIsTheServers() {
        DomainConnection connection = this.domain.connection();

        RuntimeException refused = DomainAnswers.lookUp(connection, answer(ResultCode.INSUFFICIENT_ACCESS_RIGHTS,
                "00002098: SecErr: problem 4003 (INSUFF_ACCESS_RIGHTS)"));
        RuntimeException gone = DomainAnswers.lookUp(connection, answer(ResultCode.SERVER_DOWN,
                "the connection was closed"));
        RuntimeException timedOut = DomainAnswers.lookUp(connection, answer(ResultCode.TIMEOUT, "no answer in 30 s"));

        assertThat(refused).isInstanceOf(DirectoryRefusedException.class)
            .hasMessageContaining("refused to look users up (50 (insufficient access rights): 00002098: SecErr")
            .hasMessageContaining("check --base-dn").hasMessageEndingWith("Nothing was changed.");
        assertThat(gone).isInstanceOf(DirectoryUnavailableException.class)
            .hasMessageContaining("did not answer when bulk-resend tried to look users up (the connection was lost")
            .hasMessageEndingWith("the same command continues once it answers.");
        assertThat(timedOut).isInstanceOf(DirectoryUnavailableException.class)
            .hasMessageContaining("did not answer when bulk-resend tried to look users up (no answer within");
    }

    /** The server's answer, as the SDK gives it: a result code and a diagnostic message. */
    private static LDAPException answer(ResultCode code, String diagnostic) {
        return new LDAPException(new LDAPResult(1, code, diagnostic, null, (String[]) null, null));
    }

    /** The product's own resets of these users (by sAMAccountName), looked up first, keyed by that name. */
    private Map<String, ResetResult> reset(String... names) {
        Map<String, DirectoryUser> users = this.directory.findAll(List.of(names));
        List<PasswordReset> resets = java.util.Arrays.stream(names)
            .map((name) -> new PasswordReset(users.get(name), Secret.of("Temporary-Pw-2026-" + name))).toList();
        List<ResetResult> results = this.directory.resetPasswords(resets);
        Map<String, ResetResult> byName = new java.util.LinkedHashMap<>();
        for (int i = 0; i < names.length; i++) {
            byName.put(names[i], results.get(i));
        }
        return byName;
    }
}
