/*
 * loopback_ice_shim.c — an LD_PRELOAD shim for end-to-end tests of effect-janus.
 *
 * Janus (through libnice and its own interface scan) never gathers ICE candidates on an interface that
 * getifaddrs(3) flags IFF_LOOPBACK, so a WebRTC peer on the same machine cannot reach it over 127.0.0.1.
 * This shim wraps getifaddrs: it calls the real one (found with dlsym(RTLD_NEXT)) and clears IFF_LOOPBACK
 * on every entry whose name is "lo". Combined with Janus's `nat: { ice_enforce_list = "lo" }`, Janus then
 * gathers 127.0.0.1 host candidates only, and all media stays on the loopback interface.
 *
 * Built by the harness itself (testing/janus-server/src/MediaJanus.ts) with the machine's C compiler:
 *   cc -shared -fPIC -O2 -o loopback_ice_shim.so loopback_ice_shim.c -ldl
 * and loaded into Janus only (LD_PRELOAD in its environment). Never commit the binary.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <stddef.h>
#include <string.h>

typedef int (*getifaddrs_fn)(struct ifaddrs **);

int getifaddrs(struct ifaddrs **ifap) {
	static getifaddrs_fn real = NULL;
	if (real == NULL) {
		real = (getifaddrs_fn)dlsym(RTLD_NEXT, "getifaddrs");
		if (real == NULL)
			return -1;
	}
	int result = real(ifap);
	if (result != 0 || ifap == NULL)
		return result;
	for (struct ifaddrs *ifa = *ifap; ifa != NULL; ifa = ifa->ifa_next) {
		if (ifa->ifa_name != NULL && strcmp(ifa->ifa_name, "lo") == 0)
			ifa->ifa_flags &= ~(unsigned int)IFF_LOOPBACK;
	}
	return result;
}
