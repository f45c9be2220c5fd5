;;; What the batch Emacs scripts share: waiting as the command loop would, connecting, stopping. Each script loads
;;; it first: (load (expand-file-name "helpers.el" (file-name-directory load-file-name)) nil t)
(require 'json)
(require 'cl-lib)

(defun trackspec-test--wait (predicate &optional tries)
  "Wait up to TRIES tenths of a second (default 300) for PREDICATE, reading the server's output meanwhile; batch
Emacs has no redisplay to trigger Flymake, so it is started by hand. Returns PREDICATE's last value."
  (let ((i 0))
    (while (and (< i (or tries 300)) (not (funcall predicate)))
      (accept-process-output nil 0.1)
      (when (bound-and-true-p flymake-mode) (flymake-start nil t))
      (setq i (1+ i)))
    (funcall predicate)))

(defun trackspec-test--command-done ()
  "What the command loop does once a command such as `C-x C-f' returns: `post-command-hook' (where eglot-ensure
connects), then, idle, the idle timers (where lsp-deferred connects). Batch Emacs has no command loop."
  (run-hooks 'post-command-hook)
  (dolist (timer (copy-sequence timer-idle-list))
    (timer-event-handler timer)))

(defun trackspec-test--managed-p ()
  "Connected to trackspec: by Eglot with trackspec's server class, or by lsp-mode (`trackspec-mode' is turned on in
lsp-mode buffers of trackspec's workspace only)."
  (or (and (bound-and-true-p eglot--managed-mode) (object-of-class-p (eglot-current-server) 'trackspec-server))
      (and (bound-and-true-p lsp-mode) (bound-and-true-p trackspec-mode))))

(defun trackspec-test--open (file &optional tries)
  "Visit FILE as `C-x C-f' does and wait (TRIES, see `trackspec-test--wait') for the client to connect it; with
lsp-mode, its folder is imported as the project root first (what `i' at lsp-mode's question does). Returns whether
it is connected."
  (when (featurep 'lsp-mode)
    (lsp-workspace-folders-add (or (locate-dominating-file file "trackspec.json") (file-name-directory file))))
  (find-file file)
  (trackspec-test--command-done)
  (trackspec-test--wait #'trackspec-test--managed-p tries))

(defun trackspec-test--write (value)
  "VALUE as JSON in $TRACKSPEC_EMACS_OUT."
  (let ((text (json-encode value)))
    (with-temp-file (getenv "TRACKSPEC_EMACS_OUT") (insert text))))

(defun trackspec-test--stop ()
  "Stop the server and Emacs. Shutting down can outlast Eglot's 1.5 s timeout under the tracing proxy; the result is
already written."
  (if (featurep 'lsp-mode)
      (ignore-errors (lsp-workspace-shutdown (car (lsp-workspaces))))
    (ignore-errors (eglot-shutdown (eglot-current-server))))
  (kill-emacs 0))
