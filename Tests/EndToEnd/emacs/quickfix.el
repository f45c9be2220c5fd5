;;; Batch Emacs 28 with Eglot 1.9 and editors/emacs/trackspec.el, or lsp-mode 8 and trackspec-lsp.el (whichever
;;; the init file set up): for each case, open the file, wait for its diagnostics, put point on the one the case
;;; names, run the client's quick-fix command as M-x does (`eglot-code-actions', `lsp-execute-code-action') and
;;; answer its menu with the title containing the case's `pick', as a user does; the client applies the edit.
;;; Cases from $TRACKSPEC_CASES ([{file, line, col, pick}], 0-based line, byte column); the buffers' texts as
;;; JSON in $TRACKSPEC_EMACS_OUT.
;;; Loaded after an init file editors/emacs/README.md shows (trackspec on PATH).
(setq debug-on-error t)
(require 'json)
(require 'cl-lib)

(defun trackspec-test--wait (predicate &optional tries)
  (let ((i 0))
    (while (and (< i (or tries 300)) (not (funcall predicate)))
      (accept-process-output nil 0.1)
      ;; Batch Emacs has no redisplay to trigger Flymake: start it by hand.
      (when (bound-and-true-p flymake-mode) (flymake-start nil t))
      (setq i (1+ i)))
    (funcall predicate)))

(defun trackspec-test--command-done ()
  "What the command loop does once `C-x C-f' returns: `post-command-hook' (eglot-ensure), then, idle, the
idle timers (lsp-deferred). Batch Emacs has no command loop."
  (run-hooks 'post-command-hook)
  (dolist (timer (copy-sequence timer-idle-list))
    (timer-event-handler timer)))

(defun trackspec-test--managed-p ()
  (or (bound-and-true-p eglot--managed-mode)
      (and (bound-and-true-p lsp-mode) (bound-and-true-p trackspec-mode))))

(defvar trackspec-test--offered nil "The titles the last menu offered.")

(defun trackspec-test--answer (pick)
  "A `completing-read' that answers with the candidate containing PICK, as a user types it."
  (lambda (_prompt collection &rest _)
    (let ((titles (mapcar (lambda (c) (if (consp c) (car c) c))
                          (if (functionp collection) (all-completions "" collection) collection))))
      (setq trackspec-test--offered titles)
      (or (cl-find-if (lambda (title) (string-match-p (regexp-quote pick) title)) titles) ""))))

(let ((cases (json-read-file (getenv "TRACKSPEC_CASES")))
      (results '()))
  (mapc
   (lambda (case)
     (let ((file (cdr (assq 'file case)))
           (pick (cdr (assq 'pick case)))
           (error nil))
       (setq trackspec-test--offered nil)
       (when (featurep 'lsp-mode)
         (lsp-workspace-folders-add (locate-dominating-file file "trackspec.json")))
       (find-file file)
       (trackspec-test--command-done)
       (if (not (and (trackspec-test--wait #'trackspec-test--managed-p)
                     (trackspec-test--wait (lambda () (flymake-diagnostics)))))
           (setq error "no connection or no diagnostics")
         (goto-char (point-min))
         (forward-line (cdr (assq 'line case)))
         (forward-char (cdr (assq 'col case)))
         (let ((tick (buffer-chars-modified-tick))
               ;; Invoked from the keyboard (M-x), so menus are read in the minibuffer, not popped up.
               (last-nonmenu-event ?\r))
           (cl-letf (((symbol-function 'completing-read) (trackspec-test--answer pick)))
             (call-interactively (if (featurep 'lsp-mode) #'lsp-execute-code-action #'eglot-code-actions)))
           (trackspec-test--wait (lambda () (/= tick (buffer-chars-modified-tick))) 100)))
       (push (list (cons 'text (buffer-substring-no-properties (point-min) (point-max)))
                   (cons 'offered (vconcat trackspec-test--offered))
                   (cons 'error error))
             results)))
   cases)
  (with-temp-file (getenv "TRACKSPEC_EMACS_OUT")
    (insert (json-encode (vconcat (nreverse results))))))
(if (featurep 'lsp-mode)
    (ignore-errors (lsp-workspace-shutdown (car (lsp-workspaces))))
  (ignore-errors (eglot-shutdown (eglot-current-server))))
(kill-emacs 0)
