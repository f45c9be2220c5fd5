;;; Batch Emacs 28 with Debian's Eglot 1.9 and editors/emacs/trackspec.el, or lsp-mode 8 and trackspec-lsp.el
;;; (whichever the init file set up): for each case, open the file,
;;; put point where the case says, run `completion-at-point' as M-TAB does, and accept the first candidate:
;;; the only one is inserted by completion-at-point itself; among several, the first in *Completions* is
;;; chosen with `choose-completion', as a click or RET there does (Eglot's exit function then applies the
;;; item's edit). With lsp-mode, the case's folder is imported as the project root first, as pressing `i' at
;;; lsp-mode's question does. Cases from $TRACKSPEC_CASES ([{file, line, col, rounds}], 0-based line, byte column);
;;; the buffers' texts as JSON in $TRACKSPEC_EMACS_OUT.
;;; Loaded after an init file editors/emacs/README.md shows (trackspec on PATH, `trackspec-setup' or
;;; `trackspec-lsp-setup').
(setq debug-on-error t)
(require 'json)

(defun trackspec-test--command-done ()
  "What the command loop does once a command such as `C-x C-f' returns: `post-command-hook' (where
eglot-ensure connects), then, idle, the idle timers (where lsp-deferred connects). Batch Emacs has no
command loop."
  (run-hooks 'post-command-hook)
  (dolist (timer (copy-sequence timer-idle-list))
    (timer-event-handler timer)))

(defun trackspec-test--managed-p ()
  "The buffer is connected to the server, through Eglot or lsp-mode."
  (or (bound-and-true-p eglot--managed-mode)
      (and (bound-and-true-p lsp-mode) (bound-and-true-p trackspec-mode))))

(defun trackspec-test--wait (predicate)
  (let ((i 0))
    (while (and (< i 300) (not (funcall predicate)))
      (accept-process-output nil 0.1)
      (setq i (1+ i)))
    (funcall predicate)))

(defvar trackspec-test--done nil "A completion finished (its exit function ran).")
(advice-add 'completion--done :before (lambda (&rest _) (setq trackspec-test--done t)))

(defun trackspec-test--complete ()
  "Complete at point and accept the first candidate; return what was offered."
  (if (bound-and-true-p company-mode) (trackspec-test--company) (trackspec-test--capf)))

(defun trackspec-test--company ()
  "lsp-mode's completion front end, company-mode (lsp-mode turns it on where it is installed): its popup
at point (`company-manual-begin', what it shows after typing), and RET on the first candidate."
  (company-manual-begin)
  (let ((first (car company-candidates)))
    (when first (company-complete-selection))
    (list (if first (substring-no-properties first) "(none)"))))

(defun trackspec-test--capf ()
  "Complete at point as a user does with M-TAB, and accept the first candidate; return what was offered.
M-TAB inserts a sole candidate (finished), or the candidates' common part: then M-TAB again lists them."
  (let ((offered '()) (presses 0) (stop nil))
    (setq trackspec-test--done nil)
    (while (and (not stop) (< presses 4))
      (let ((before (buffer-string)))
        (when (get-buffer "*Completions*") (kill-buffer "*Completions*"))
        (setq presses (1+ presses))
        (completion-at-point)
        (cond
         ((get-buffer-window "*Completions*" t)
          ;; As a user does: go to the *Completions* window (M-v), to its first candidate, and RET.
          (with-selected-window (get-buffer-window "*Completions*" t)
            (goto-char (point-min))
            (next-completion 1)
            (push (buffer-substring-no-properties
                   (point) (or (next-single-property-change (point) 'mouse-face) (point-max)))
                  offered)
            (choose-completion))
          (setq stop t))
         (trackspec-test--done (push "(sole candidate)" offered) (setq stop t))
         ((equal before (buffer-string)) (setq stop t))
         (t (push "(common part)" offered)))))
    (nreverse offered)))

(let* ((cases (json-read-file (getenv "TRACKSPEC_CASES")))
       (results '()))
  (mapc
   (lambda (case)
     (let ((file (cdr (assq 'file case)))
           (line (cdr (assq 'line case)))
           (col (cdr (assq 'col case)))
           (rounds (or (cdr (assq 'rounds case)) 1))
           (offered '()))
       (when (featurep 'lsp-mode)
         (lsp-workspace-folders-add (file-name-directory file)))
       (find-file file)
       (trackspec-test--command-done)
       (trackspec-test--wait #'trackspec-test--managed-p)
       (goto-char (point-min))
       (forward-line line)
       ;; The column is in bytes (the cases are ASCII).
       (forward-char col)
       (dotimes (_ rounds)
         (setq offered (append offered (trackspec-test--complete))))
       (push (list (cons 'text (buffer-substring-no-properties (point-min) (point-max)))
                   (cons 'offered (vconcat offered))
                   (cons 'managed (if (trackspec-test--managed-p) t :json-false)))
             results)))
   cases)
  (with-temp-file (getenv "TRACKSPEC_EMACS_OUT")
    (insert (json-encode (vconcat (nreverse results))))))
;; Shutting down can outlast Eglot's 1.5 s timeout under the tracing proxy; the result is already written.
(if (featurep 'lsp-mode)
    (ignore-errors (lsp-workspace-shutdown (car (lsp-workspaces))))
  (ignore-errors (eglot-shutdown (eglot-current-server))))
(kill-emacs 0)
