package zswapsim.cli;

import com.typesafe.config.Config;
import java.util.concurrent.ThreadFactory;
import org.apache.pekko.dispatch.DispatcherPrerequisites;
import org.apache.pekko.dispatch.ExecutorServiceConfigurator;
import org.apache.pekko.dispatch.ExecutorServiceFactory;
import org.apache.pekko.dispatch.ForkJoinExecutorConfigurator;
import org.apache.pekko.dispatch.MonitorableThreadFactory;

/**
 * Pekko's fork-join executor (configured by the dispatcher's {@code fork-join-executor} block),
 * with one change: a fatal error on a dispatcher thread goes to {@link ProcessGuard}, which ends
 * the process with one line and exit 3, instead of Pekko's handler, which prints a stack trace and
 * stops the actor system while the command waits for it forever. reference.conf names this class
 * as the {@code executor} of the dispatchers zswapsim uses.
 */
public final class FatalErrorExecutor extends ExecutorServiceConfigurator {
    private final ForkJoinExecutorConfigurator forkJoin;

    public FatalErrorExecutor(Config config, DispatcherPrerequisites prerequisites) {
        super(config, prerequisites);
        this.forkJoin = new ForkJoinExecutorConfigurator(config.getConfig("fork-join-executor"), prerequisites);
    }

    @Override
    public ExecutorServiceFactory createExecutorServiceFactory(String id, ThreadFactory threadFactory) {
        MonitorableThreadFactory pekko = (MonitorableThreadFactory) threadFactory;
        Thread.UncaughtExceptionHandler pekkoHandler = pekko.exceptionHandler();
        Thread.UncaughtExceptionHandler handler = (thread, e) -> {
            if (ProcessGuard.installed() && ProcessGuard.isFatal(e)) {
                ProcessGuard.halt(e);
            }
            pekkoHandler.uncaughtException(thread, e);
        };
        return forkJoin.createExecutorServiceFactory(id,
                pekko.copy(pekko.name(), pekko.daemonic(), pekko.contextClassLoader(), handler, pekko.counter()));
    }
}
