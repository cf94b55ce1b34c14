// Command testapp is a small HTTP server for rollout tests on real pods. It is configured by environment variables:
//
//	VERSION                    text returned by / (default v1)
//	PORT                       TCP port (default 8080)
//	BIND_ADDRESS               IP to listen on (default: every address, as a pod needs; 127.0.0.1 on a host)
//	READY_DELAY                Go duration: /ready answers 503 until this long after start, then 200
//	READY_FAIL_AFTER_REQUESTS  N: once N requests to / have been answered, /ready answers 503 forever
//	READY_FAIL_AFTER           Go duration: from this long after start on, /ready answers 503
//	SHUTDOWN                   what SIGTERM does: immediate (default) exits 0 at once; drain makes /ready answer
//	                           503, keeps serving for DRAIN, then shuts the server down gracefully and exits 0;
//	                           ignore logs the signal and carries on
//	DRAIN                      Go duration of the drain (default 5s)
//	EXIT_AFTER                 Go duration: exit 1 this long after start (a crash loop); 0s exits 1 at once
//
// Endpoints: / answers 200 "<VERSION> <hostname>\n", /healthz 200 always, /ready 200 or 503 as configured.
// "testapp sleep <seconds>" sleeps and exits 0, for exec preStop hooks (the image has no shell).
// One line per lifecycle event (started, ready, not ready, SIGTERM received, exiting) goes to stdout.
// SIGINT is treated like SIGTERM.
package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strconv"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
)

type settings struct {
	version           string
	port              int
	bind              string
	readyDelay        time.Duration
	failAfterRequests int64 // -1: never
	failAfter         time.Duration
	failAfterSet      bool
	shutdown          string
	drain             time.Duration
	exitAfter         time.Duration
	exitAfterSet      bool
}

func durationEnv(name string, def time.Duration) (time.Duration, bool, error) {
	v, ok := os.LookupEnv(name)
	if !ok || v == "" {
		return def, false, nil
	}
	d, err := time.ParseDuration(v)
	if err != nil || d < 0 {
		return 0, false, fmt.Errorf("%s=%q: want a non-negative Go duration such as 1.5s", name, v)
	}
	return d, true, nil
}

func load() (settings, error) {
	s := settings{version: "v1", port: 8080, failAfterRequests: -1, shutdown: "immediate"}
	var err error
	if v := os.Getenv("VERSION"); v != "" {
		s.version = v
	}
	if v := os.Getenv("PORT"); v != "" {
		if s.port, err = strconv.Atoi(v); err != nil || s.port < 0 || s.port > 65535 {
			return s, fmt.Errorf("PORT=%q: want a port number", v)
		}
	}
	if v := os.Getenv("BIND_ADDRESS"); v != "" {
		if net.ParseIP(v) == nil {
			return s, fmt.Errorf("BIND_ADDRESS=%q: want an IP address", v)
		}
		s.bind = v
	}
	if s.readyDelay, _, err = durationEnv("READY_DELAY", 0); err != nil {
		return s, err
	}
	if v := os.Getenv("READY_FAIL_AFTER_REQUESTS"); v != "" {
		if s.failAfterRequests, err = strconv.ParseInt(v, 10, 64); err != nil || s.failAfterRequests < 0 {
			return s, fmt.Errorf("READY_FAIL_AFTER_REQUESTS=%q: want a non-negative integer", v)
		}
	}
	if s.failAfter, s.failAfterSet, err = durationEnv("READY_FAIL_AFTER", 0); err != nil {
		return s, err
	}
	if v := os.Getenv("SHUTDOWN"); v != "" {
		switch v {
		case "immediate", "drain", "ignore":
			s.shutdown = v
		default:
			return s, fmt.Errorf("SHUTDOWN=%q: want immediate, drain or ignore", v)
		}
	}
	if s.drain, _, err = durationEnv("DRAIN", 5*time.Second); err != nil {
		return s, err
	}
	if s.exitAfter, s.exitAfterSet, err = durationEnv("EXIT_AFTER", 0); err != nil {
		return s, err
	}
	return s, nil
}

// app holds the readiness state; every transition is logged once.
type app struct {
	settings
	start    time.Time
	hostname string
	requests atomic.Int64
	mu       sync.Mutex
	failed   string // why /ready fails for good ("" while it does not)
	draining bool
	said     string // the last readiness state logged
}

func logf(format string, args ...any) {
	fmt.Printf("%s testapp: %s\n", time.Now().UTC().Format("15:04:05.000"), fmt.Sprintf(format, args...))
}

// ready reports whether /ready should answer 200, and why not.
func (a *app) ready() (bool, string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	switch {
	case a.draining:
		return false, "draining after SIGTERM"
	case a.failed != "":
		return false, a.failed
	case time.Since(a.start) < a.readyDelay:
		return false, "READY_DELAY has not elapsed"
	}
	return true, ""
}

// fail makes /ready answer 503 for good.
func (a *app) fail(reason string) {
	a.mu.Lock()
	if a.failed == "" {
		a.failed = reason
	}
	a.mu.Unlock()
	a.report()
}

// report logs the readiness state when it changed since the last report.
func (a *app) report() {
	ok, why := a.ready()
	state := "ready"
	if !ok {
		state = "not ready: " + why
	}
	a.mu.Lock()
	changed := state != a.said
	a.said = state
	a.mu.Unlock()
	if changed {
		logf("%s", state)
	}
}

func (a *app) handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/" {
			http.NotFound(w, r)
			return
		}
		n := a.requests.Add(1)
		fmt.Fprintf(w, "%s %s\n", a.version, a.hostname)
		if a.failAfterRequests >= 0 && n >= a.failAfterRequests {
			a.fail(fmt.Sprintf("%d requests to / answered (READY_FAIL_AFTER_REQUESTS)", n))
		}
	})
	mux.HandleFunc("/healthz", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintln(w, "ok")
	})
	mux.HandleFunc("/ready", func(w http.ResponseWriter, r *http.Request) {
		a.report()
		if ok, why := a.ready(); !ok {
			w.WriteHeader(http.StatusServiceUnavailable)
			fmt.Fprintf(w, "not ready: %s\n", why)
			return
		}
		fmt.Fprintln(w, "ready")
	})
	return mux
}

func signalName(sig os.Signal) string {
	switch sig {
	case syscall.SIGTERM:
		return "SIGTERM"
	case syscall.SIGINT:
		return "SIGINT"
	}
	return sig.String()
}

func exit(code int, format string, args ...any) {
	logf("exiting with code %d: %s", code, fmt.Sprintf(format, args...))
	os.Exit(code)
}

func sleepCommand(args []string) {
	if len(args) != 1 {
		fmt.Fprintln(os.Stderr, "usage: testapp sleep <seconds>")
		os.Exit(2)
	}
	seconds, err := strconv.ParseFloat(args[0], 64)
	if err != nil || seconds < 0 {
		fmt.Fprintf(os.Stderr, "testapp sleep: %q is not a number of seconds\n", args[0])
		os.Exit(2)
	}
	time.Sleep(time.Duration(seconds * float64(time.Second)))
}

func main() {
	if len(os.Args) > 1 {
		if os.Args[1] == "sleep" {
			sleepCommand(os.Args[2:])
			return
		}
		fmt.Fprintln(os.Stderr, "usage: testapp [sleep <seconds>]   (the server is configured by environment variables)")
		os.Exit(2)
	}
	s, err := load()
	if err != nil {
		fmt.Fprintln(os.Stderr, "testapp:", err)
		os.Exit(2)
	}
	a := &app{settings: s, start: time.Now()}
	a.hostname, _ = os.Hostname()

	if s.exitAfterSet && s.exitAfter == 0 {
		fmt.Fprintln(os.Stderr, "testapp: EXIT_AFTER=0s, exiting with code 1 at once")
		exit(1, "EXIT_AFTER=0s")
	}

	// Signals are caught before the port opens, so a SIGTERM can never hit the default handler.
	signals := make(chan os.Signal, 4)
	signal.Notify(signals, syscall.SIGTERM, syscall.SIGINT)

	ln, err := net.Listen("tcp", net.JoinHostPort(s.bind, strconv.Itoa(s.port)))
	if err != nil {
		fmt.Fprintln(os.Stderr, "testapp:", err)
		exit(1, "cannot listen")
	}
	server := &http.Server{Handler: a.handler(), ReadHeaderTimeout: 10 * time.Second}
	logf("started version=%s listening on %s shutdown=%s", s.version, ln.Addr(), s.shutdown)
	a.report()

	if s.readyDelay > 0 {
		time.AfterFunc(s.readyDelay, a.report)
	}
	if s.failAfterSet {
		time.AfterFunc(s.failAfter, func() { a.fail(fmt.Sprintf("%v after start (READY_FAIL_AFTER)", s.failAfter)) })
	}
	if s.failAfterRequests == 0 {
		a.fail("READY_FAIL_AFTER_REQUESTS=0")
	}
	if s.exitAfterSet {
		time.AfterFunc(s.exitAfter, func() {
			fmt.Fprintf(os.Stderr, "testapp: EXIT_AFTER=%v elapsed, exiting with code 1\n", s.exitAfter)
			exit(1, "EXIT_AFTER elapsed")
		})
	}

	go func() {
		for sig := range signals {
			name := signalName(sig)
			switch s.shutdown {
			case "ignore":
				logf("%s received, ignored (SHUTDOWN=ignore)", name)
			case "drain":
				logf("%s received, draining for %v (SHUTDOWN=drain)", name, s.drain)
				a.mu.Lock()
				already := a.draining
				a.draining = true
				a.mu.Unlock()
				if already {
					continue
				}
				a.report()
				go func() {
					time.Sleep(s.drain)
					ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
					defer cancel()
					if err := server.Shutdown(ctx); err != nil {
						exit(1, "graceful shutdown: %v", err)
					}
					exit(0, "drained")
				}()
			default:
				logf("%s received (SHUTDOWN=immediate)", name)
				exit(0, "%s", name)
			}
		}
	}()

	if err := server.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
		fmt.Fprintln(os.Stderr, "testapp:", err)
		exit(1, "server failed")
	}
	select {} // Shutdown returned ErrServerClosed to Serve; the drain goroutine exits
}
