// Command relay forwards byte streams between two endpoints, so that a process in one network namespace can
// reach a loopback listener in another through a unix socket file both can see.
//
//	relay LISTEN TARGET
//
// LISTEN and TARGET are each unix:/path/to/socket or tcp:127.0.0.1:port. Every connection accepted on LISTEN gets
// a fresh connection to TARGET, and bytes are copied both ways; when one side closes its writing half, the other
// side's writing half is closed too, so request/response protocols that half-close keep working. A tcp LISTEN
// address must be a loopback IP. A stale unix socket file at LISTEN is removed first (any other kind of file
// there is an error). SIGTERM or SIGINT closes the listener, removes its socket file and exits 0.
package main

import (
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"os"
	"os/signal"
	"strings"
	"sync"
	"syscall"
	"time"
)

type endpoint struct {
	network string // "unix" or "tcp"
	address string
}

func (e endpoint) String() string { return e.network + ":" + e.address }

func parseEndpoint(s string) (endpoint, error) {
	network, address, ok := strings.Cut(s, ":")
	if !ok || address == "" {
		return endpoint{}, fmt.Errorf("%q: want unix:/path or tcp:IP:port", s)
	}
	switch network {
	case "unix":
		return endpoint{"unix", address}, nil
	case "tcp":
		if _, _, err := net.SplitHostPort(address); err != nil {
			return endpoint{}, fmt.Errorf("%q: %v", s, err)
		}
		return endpoint{"tcp", address}, nil
	default:
		return endpoint{}, fmt.Errorf("%q: unknown network %q, want unix or tcp", s, network)
	}
}

// checkLoopback refuses a tcp listen address whose host is not a literal loopback IP.
func checkLoopback(e endpoint) error {
	if e.network != "tcp" {
		return nil
	}
	host, _, _ := net.SplitHostPort(e.address)
	ip := net.ParseIP(host)
	if ip == nil || !ip.IsLoopback() {
		return fmt.Errorf("refusing to listen on %s: the host must be a loopback IP such as 127.0.0.1", e)
	}
	return nil
}

// removeStaleSocket deletes a leftover socket file at path; anything else there is left alone and reported.
func removeStaleSocket(path string) error {
	fi, err := os.Lstat(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	if fi.Mode()&os.ModeSocket == 0 {
		return fmt.Errorf("%s exists and is not a socket; not removing it", path)
	}
	return os.Remove(path)
}

type halfCloser interface {
	CloseWrite() error
}

// pipe copies src to dst. At src's end of stream it closes dst's writing half (or all of dst when it cannot
// half-close); after an error (a reset, a failed write) it closes both connections, so that the other direction
// does not wait forever for a peer that is gone.
func pipe(dst, src net.Conn, wg *sync.WaitGroup) {
	defer wg.Done()
	if _, err := io.Copy(dst, src); err != nil {
		_ = dst.Close()
		_ = src.Close()
		return
	}
	if hc, ok := dst.(halfCloser); ok {
		_ = hc.CloseWrite()
	} else {
		_ = dst.Close()
	}
}

func serve(client net.Conn, target endpoint) {
	defer client.Close()
	upstream, err := net.Dial(target.network, target.address)
	if err != nil {
		log.Printf("relay: dial %s: %v", target, err)
		return
	}
	defer upstream.Close()
	var wg sync.WaitGroup
	wg.Add(2)
	go pipe(upstream, client, &wg)
	go pipe(client, upstream, &wg)
	wg.Wait()
}

func main() {
	log.SetFlags(0)
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: relay LISTEN TARGET   (each unix:/path or tcp:127.0.0.1:port)")
		os.Exit(2)
	}
	listen, err := parseEndpoint(os.Args[1])
	if err == nil {
		err = checkLoopback(listen)
	}
	if err != nil {
		log.Printf("relay: LISTEN %v", err)
		os.Exit(2)
	}
	target, err := parseEndpoint(os.Args[2])
	if err != nil {
		log.Printf("relay: TARGET %v", err)
		os.Exit(2)
	}
	if listen.network == "unix" {
		if err := removeStaleSocket(listen.address); err != nil {
			log.Printf("relay: %v", err)
			os.Exit(1)
		}
	}
	ln, err := net.Listen(listen.network, listen.address)
	if err != nil {
		log.Printf("relay: %v", err)
		os.Exit(1)
	}
	if ul, ok := ln.(*net.UnixListener); ok {
		ul.SetUnlinkOnClose(true)
	}

	signals := make(chan os.Signal, 1)
	signal.Notify(signals, syscall.SIGTERM, syscall.SIGINT)
	go func() {
		s := <-signals
		name := map[os.Signal]string{syscall.SIGTERM: "SIGTERM", syscall.SIGINT: "SIGINT"}[s]
		log.Printf("relay: %s received, stopping", name)
		_ = ln.Close() // removes the unix socket file
		os.Exit(0)
	}()

	log.Printf("relay: listening on %s, forwarding to %s", listen, target)
	for {
		c, err := ln.Accept()
		if err != nil {
			if errors.Is(err, net.ErrClosed) {
				select {} // the signal handler is exiting
			}
			log.Printf("relay: accept: %v", err)
			time.Sleep(100 * time.Millisecond) // e.g. out of file descriptors: do not spin
			continue
		}
		go serve(c, target)
	}
}
