package dev.burnwatch.ui.hosts;

import dev.burnwatch.ui.common.HostItem;

/** What the hosts sidebar's buttons do. */
public interface HostActions {

    void add();

    void importFromSshConfig();

    void edit(HostItem host);

    void test(HostItem host);

    /** Stops watching a host and forgets it (its trusted key stays trusted). */
    void remove(HostItem host);
}
