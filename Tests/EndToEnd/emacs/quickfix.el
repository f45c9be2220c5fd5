;;; Batch Emacs 28 with Eglot 1.9 and editors/emacs/trackspec.el, or lsp-mode 8 and trackspec-lsp.el (whichever
;;; the init file set up): for each case, open the file, wait for its diagnostics, put point on the one the case
;;; names, run the client's quick-fix command as M-x does (`eglot-code-actions', `lsp-execute-code-action') and
;;; answer its menu with the title containing the case's `pick', as a user does; the client applies the edit.
;;; Cases from $TRACKSPEC_CASES ([{file, line, col, pick}], 0-based line, byte column); the buffers' texts as
;;; JSON in $TRACKSPEC_EMACS_OUT.
;;; Loaded after an init file editors/emacs/README.md shows (trackspec on PATH).
(setq debug-on-error t)
(load (expand-file-name "helpers.el" (file-name-directory load-file-name)) nil t)

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
       (if (not (and (trackspec-test--open file)
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
  (trackspec-test--write (vconcat (nreverse results))))
(trackspec-test--stop)
