package zswapsim.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import zswapsim.cli.Main;

/**
 * The report tells the truth at the step it opens on (#step=N), in headless Chromium: each task's
 * locks where they are, a wait-for arrow from every spinner and sleeper to the holder, whole labels
 * at the current step, the messages of the bug's story, and the dependency edge a splat is about.
 * Screenshots at 1280x720 and 1920x1080 land in target/ for a look.
 */
class ReportTruthBrowserTest {
    private static final Path TARGET = ReportBrowserTest.TARGET;
    @TempDir
    static Path profile;
    private static Browser browser;

    @BeforeAll
    static void start() throws Exception {
        browser = Browser.start(profile, TARGET.resolve("chromedriver-truth.log"));
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
    }

    /** Lesson 10, seed 7, at its stall: the sleeping ethtool holds link_lock, the runnable kworker mdio_lock. */
    @Test
    void report_sleepInAtomicDeadlock_locksBelongToTheirTasks() throws Exception {
        Path html = report("scenarios/lockdep/10-sleep-in-atomic.yaml", "7", "report-10-sleep-in-atomic.html");
        browser.open(html, "#step=21");
        await("step 21 / 21", "document.getElementById('step-label').textContent");
        assertThat(text("Array.from(document.querySelectorAll('.task-row')).map(r => r.dataset.comm + ' ' + r.children[1].textContent"
                + " + ' holds ' + r.querySelector('.holds').textContent + ' waits ' + r.children[3].textContent)"))
                .containsExactly("kworker/0:2 runnable holds mdio_lock waits \u2014",
                        "ethtool sleeping holds link_lock waits mutex mdio_lock since step 17",
                        "ip running holds \u2014 waits spin_lock link_lock since step 21",
                        "kworker/0:1 sleeping holds \u2014 waits work since step 0",
                        "ksoftirqd/0 sleeping holds \u2014 waits pending softirqs since step 0");
        assertThat(text("Array.from(document.querySelectorAll('svg text.callout')).map(t => t.textContent)"))
                .contains("link_lock \u00B7 held by task ethtool", "mdio_lock \u00B7 held by task kworker/0:2",
                        "ethtool (sleeping) sleeps on mutex mdio_lock since step 17");
        assertThat(waitFor()).containsExactlyInAnyOrder("task ethtool -> task kworker/0:2", "task ip -> task ethtool");
        assertThat(text("Array.from(document.querySelectorAll('.lockdep-title')).map(h => h.textContent)"))
                .allSatisfy(h -> assertThat(h).doesNotContain("null"));
        screenshots("report-10", false);
        ReportBrowserTest.assertNoConsoleErrors(browser);
    }

    /**
     * The bug run (percpu-ref, seed 129) at its self deadlock: the softirq's wait points at
     * sysfs-writer, its label is whole, the splat is not cut, and the message view tells the story
     * up to the grant that never comes.
     */
    @Test
    void report_percpuRefDeadlock_waitForArrowWholeLabelAndMessages() throws Exception {
        Path html = report(Runs.PERCPU_REF, "129", "report-percpu-ref-deadlock.html");
        browser.open(html, "#step=53");
        await("step 53 / 53", "document.getElementById('step-label').textContent");
        assertThat(waitFor()).containsExactly("softirq RCU_SOFTIRQ -> task sysfs-writer");
        assertThat(text("Array.from(document.querySelectorAll('svg text.callout')).map(t => t.textContent)"))
                .contains("softirq RCU_SOFTIRQ \u2014 spins on spin_lock zswap_pools_lock since step 53")
                .allSatisfy(t -> assertThat(t).doesNotContain("\u2026"));
        assertThat(text("Array.from(document.querySelectorAll('.mark')).map(m => m.getAttribute('class'))"))
                .contains("clickable mark mark-deadlock", "clickable mark mark-lockdep");
        List<String> messages = text("Array.from(document.querySelectorAll('.msgs g.msg-arrow'))"
                + ".map(g => g.dataset.from + ' ' + g.dataset.msg + ' ' + g.dataset.to)");
        assertThat(messages).containsSubsequence("rcu raise_softirq cpu0", "rcu invoke_callback cpu0",
                "cpu0 lock_acquire lock:zswap_pools_lock", "lock:zswap_pools_lock lock_contended cpu0",
                "lock:zswap_pools_lock lock_granted \u2014 never sent cpu0");
        assertThat(text("Array.from(document.querySelectorAll('pre.splat')).map(p => String(p.scrollHeight <= p.clientHeight + 1))"))
                .containsOnly("true");
        assertThat(text("Array.from(document.querySelectorAll('.usage-key td')).map(t => t.textContent)")).contains("{ABCD}", "-{inner:outer}");
        assertThat(text("Array.from(document.querySelectorAll('.usage-set')).map(e => e.textContent)"))
                .containsExactly("lockdep: zswap_pools_lock gets IN-SOFTIRQ-W (taken in softirq context) \u2192 usage {+.?.}");
        screenshots("report-percpu-ref", true);
        // Step 9 takes zswap_pools_lock for the first time, softirqs on: "At this step" says what lockdep set.
        browser.open(html, "#step=9");
        await("step 9 / 53", "document.getElementById('step-label').textContent");
        assertThat(text("Array.from(document.querySelectorAll('.usage-set')).map(e => e.textContent)"))
                .singleElement().asString().startsWith("lockdep: zswap_pools_lock gets HARDIRQ-ON-W").contains("SOFTIRQ-ON-W (taken with softirqs enabled)")
                .endsWith("usage {+.+.}");
        ReportBrowserTest.assertNoConsoleErrors(browser);
    }

    /** Lesson 06's splat is about stats_lock -> fw_lock, lesson 04's about the edge that closes the cycle: both are in the graph, marked. */
    @Test
    void report_dependencyLessons_reportedEdgeHighlighted() throws Exception {
        browser.open(report("scenarios/lockdep/06-irq-safe-to-unsafe.yaml", "4", "report-06.html"));
        assertThat(await("stats_lock->fw_lock", REPORTED_EDGES)).isEqualTo("stats_lock->fw_lock");
        assertThat(text("Array.from(document.querySelectorAll('pre.splat')).map(p => p.textContent)"))
                .anySatisfy(t -> assertThat(t).contains("unsafe locking scenario"));
        browser.open(report("scenarios/lockdep/04-circular-locking.yaml", "4", "report-04.html"));
        assertThat(await("cfg_mutex->rtnl_mutex", REPORTED_EDGES)).isEqualTo("cfg_mutex->rtnl_mutex");
        assertThat(text("Array.from(document.querySelectorAll('.dep-edge')).map(e => e.dataset.from + '->' + e.dataset.to)"))
                .contains("rtnl_mutex->cfg_mutex", "cfg_mutex->rtnl_mutex");
        ReportBrowserTest.assertNoConsoleErrors(browser);
    }

    private static final String REPORTED_EDGES = "Array.from(document.querySelectorAll('.dep-edge.reported'))"
            + ".map(e => e.dataset.from + '->' + e.dataset.to).join(',')";

    private static Path report(String file, String seed, String name) throws Exception {
        Path html = TARGET.resolve(name).toAbsolutePath();
        StringWriter err = new StringWriter();
        int status = Main.execute(new String[] {"report", file, "--seed", seed, "-o", html.toString()},
                new PrintWriter(new StringWriter()), new PrintWriter(err));
        assertThat(status).as(err.toString()).isZero();
        return html;
    }

    private static List<String> waitFor() throws Exception {
        return text("Array.from(document.querySelectorAll('g.wait-for')).map(g => g.dataset.waiter + ' -> ' + g.dataset.holder)");
    }

    private static List<String> text(String expression) throws Exception {
        return MiniJson.array(browser.script("return " + expression + ";")).stream().map(String::valueOf).toList();
    }

    /** Polls (the page draws on the next animation frame) until the expression gives {@code expected}, for up to 5 s. */
    private static String await(String expected, String expression) throws Exception {
        Predicate<String> done = expected::equals;
        String last = "";
        for (int i = 0; i < 100; i++) {
            last = String.valueOf(browser.script("return " + expression + ";"));
            if (done.test(last)) {
                return last;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("expected '" + expected + "', last: '" + last + "'");
    }

    /** Screenshots at a projector's and a laptop's size; presentation mode too when asked. */
    private static void screenshots(String name, boolean presentation) throws Exception {
        for (int[] size : new int[][] {{1280, 720}, {1920, 1080}}) {
            browser.resize(size[0], size[1]);
            browser.script("return new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));");
            Files.write(TARGET.resolve(name + "-" + size[0] + "x" + size[1] + ".png"), browser.screenshot());
            if (presentation) {
                browser.click("#btn-present");
                browser.script("return new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));");
                Files.write(TARGET.resolve(name + "-present-" + size[0] + "x" + size[1] + ".png"), browser.screenshot());
                browser.click("#btn-present");
            }
        }
        browser.resize(1400, 1000);
    }
}
